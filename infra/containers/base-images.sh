#!/bin/bash
# Builds the infrastructure images docker-compose.yml needs, locally and without pulling anything
# (this machine reaches no container registry): a Debian 12 base from debootstrap, Java 17 images
# on it, and stand-ins for the official postgres, apache/kafka and (in MinIO's place) S3Mock images.
# Each image is built only when missing (`podman image exists`) or when its inputs changed (its
# folder here, its base image: the label octet.inputs), so rerunning is cheap.
#
#   infra/containers/base-images.sh              build what is missing
#   infra/containers/base-images.sh --rebuild    build everything again (replaces the tags)
#   infra/containers/base-images.sh --list       print the tags this script produces
#
# Environment: M2_REPO (default ~/.m2/repository) holds the Kafka and S3Mock jars;
#              DEBIAN_MIRROR / DEBIAN_SECURITY_MIRROR override the mirrors read from /etc/apt.
# Needs root and Podman (infra/containers/engine.sh). Images are built with --format docker,
# since OCI images lose HEALTHCHECK.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
prefix=localhost/octet-base
suite=bookworm
rebuild=false

DEBIAN_IMAGE=$prefix/debian:12
JDK_IMAGE=$prefix/jdk:17
JRE_IMAGE=$prefix/jre:17
POSTGRES_IMAGE=$prefix/postgres:15
KAFKA_IMAGE=$prefix/kafka:4.1.2
S3MOCK_IMAGE=$prefix/s3mock:4.11.0
all_images=("$DEBIAN_IMAGE" "$JDK_IMAGE" "$JRE_IMAGE" "$POSTGRES_IMAGE" "$KAFKA_IMAGE" "$S3MOCK_IMAGE")

case "${1:-}" in
    --rebuild) rebuild=true ;;
    --list) printf '%s\n' "${all_images[@]}"; exit 0 ;;
    "") ;;
    *) echo "usage: $0 [--rebuild|--list]" >&2; exit 2 ;;
esac

log() { echo "base-images.sh: $*" >&2; }

work=$(mktemp -d /var/tmp/octet-base-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The first deb822 "URIs:" or one-line "deb URI" entry of /etc/apt whose URI ends in /debian
# (resp. /debian-security): the mirror apt on this host uses, which containers reach too.
apt_mirror() { # suffix
    local files=() f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && files+=("$f")
    done
    (( ${#files[@]} )) || return 0
    cat "${files[@]}" |
        sed -nE "s#^(URIs:[[:space:]]*|deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)([a-z]+://[^[:space:]]*/$1)/?([[:space:]].*)?\$#\3#p" |
        head -n 1 || true
}
mirror="${DEBIAN_MIRROR:-$(apt_mirror debian)}";                 mirror="${mirror:-http://deb.debian.org/debian}"
security="${DEBIAN_SECURITY_MIRROR:-$(apt_mirror debian-security)}"; security="${security:-http://deb.debian.org/debian-security}"
# An apt proxy of the host, if any, goes into the base image so apt in builds uses it too.
apt_proxy=$(apt-config dump 2>/dev/null | sed -nE 's/^Acquire::https?::Proxy "(.+)";$/\1/p' | head -n 1 || true)

# Runs "$@" and prints how long it took.
timed() { # label command...
    local label=$1 start end; shift
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    printf 'base-images.sh: %-32s %6.1f s\n' "$label" "$(awk "BEGIN{print $end - $start}")" >&2
}

# An image's inputs, hashed: the files of its build folder, extra words (package names, the ID of
# the image it is built FROM). Stored as the label octet.inputs, so that an image whose
# Containerfile, scripts or base changed is rebuilt rather than kept.
inputs_hash() { # folder|- words...
    local dir=$1; shift
    {
        printf '%s\n' "$@"
        if [[ "$dir" != - ]]; then
            (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
        fi
    } | sha256sum | cut -c1-16
}
image_id() { podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || echo none; }

needed() { # image hash
    if ! $rebuild && podman image exists "$1"; then
        local have
        have=$(podman image inspect --format '{{index .Labels "octet.inputs"}}' "$1" 2>/dev/null || true)
        if [[ "$have" == "$2" ]]; then
            log "$1 exists, skipped"; return 1
        fi
        log "$1 exists but its inputs changed (${have:-none} -> $2): rebuilding"
    fi
    return 0
}

build() { # tag context containerfile [build args...]
    local tag=$1 context=$2 file=$3; shift 3
    # The build's output goes to a log, shown (its end) only when the build fails.
    local buildlog="$work/build.log"
    if ! podman build --format docker --layers=false --pull=never --label "octet.inputs=$hash" \
            -t "$tag" -f "$file" "$@" "$context" \
            >"$buildlog" 2>&1; then
        tail -n 40 "$buildlog" >&2
        log "building $tag failed"
        return 1
    fi
}

# ---- localhost/octet-base/debian:12 -------------------------------------------------------------
# debootstrap --variant=minbase (essential packages + apt), slimmed like debian:*-slim (no docs,
# man pages or translations), apt sources for bookworm, -updates and -security, no apt lists.
build_debian() {
    local root="$work/rootfs"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -n 30 "$work/debootstrap.log" >&2; return 1; }
    cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
    if [[ -n "$apt_proxy" ]]; then
        echo "Acquire::http::Proxy \"$apt_proxy\";" >"$root/etc/apt/apt.conf.d/01proxy"
    fi
    cat >"$root/etc/dpkg/dpkg.cfg.d/01-octet-slim" <<'EOF'
# Keep images small, as debian:*-slim does: no documentation (copyrights kept), no translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
    cat >"$root/etc/apt/apt.conf.d/01-octet-norecommends" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF
    # What debootstrap installed before the exclusions existed, and what images never need.
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
    # Packages whose postinst registers man pages (update-alternatives) need these folders.
    mkdir -p "$root"/usr/share/man/man{1,2,3,4,5,6,7,8}
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/log/* "$root/etc/hostname" "$root/etc/resolv.conf"
    : >"$root/etc/resolv.conf"
    tar --numeric-owner -C "$root" -c . |
        podman import -q --change 'CMD ["/bin/bash"]' \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV LANG=C.UTF-8' --change "LABEL octet.inputs=$hash" - "$DEBIAN_IMAGE" >/dev/null
    rm -rf "$root"
}

# ---- Java ---------------------------------------------------------------------------------------
build_java() { # tag package
    build "$1" "$here/java" "$here/java/Containerfile" \
        --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" --build-arg "JAVA_PACKAGE=$2"
}

# ---- PostgreSQL ---------------------------------------------------------------------------------
build_postgres() {
    build "$POSTGRES_IMAGE" "$here/postgres" "$here/postgres/Containerfile" \
        --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

# ---- Kafka: the broker's jars from the local Maven repository, listed in kafka/jars.txt ----------
m2_jar() { # group:artifact:version[:classifier]
    local g a v c path
    IFS=: read -r g a v c <<<"$1"
    path="$m2/${g//.//}/$a/$v/$a-$v${c:+-$c}.jar"
    if [[ ! -f "$path" ]]; then
        log "missing $path ($1): build infra/local once with ./mvnw so Maven downloads it"; return 1
    fi
    echo "$path"
}

build_kafka() {
    local ctx="$work/kafka"
    mkdir -p "$ctx/libs"
    cp -r "$here/kafka/." "$ctx/"
    while read -r coordinate _; do
        [[ -z "$coordinate" || "$coordinate" == \#* ]] && continue
        cp "$(m2_jar "$coordinate")" "$ctx/libs/"
    done <"$here/kafka/jars.txt"
    build "$KAFKA_IMAGE" "$ctx" "$ctx/Containerfile" \
        --build-arg "JDK_IMAGE=$JDK_IMAGE" --build-arg "BASE_IMAGE=$JRE_IMAGE"
}

# ---- S3Mock -------------------------------------------------------------------------------------
build_s3mock() {
    local ctx="$work/s3mock"
    mkdir -p "$ctx"
    cp -r "$here/s3mock/." "$ctx/"
    cp "$(m2_jar com.adobe.testing:s3mock:4.11.0:exec)" "$ctx/s3mock.jar"
    build "$S3MOCK_IMAGE" "$ctx" "$ctx/Containerfile" --build-arg "BASE_IMAGE=$JRE_IMAGE"
}

command -v podman >/dev/null || { log "podman is missing: run infra/containers/engine.sh first"; exit 1; }
log "Debian mirror $mirror, security $security${apt_proxy:+, apt proxy $apt_proxy}"
total_start=$(date +%s.%N)
# A rebuilt base makes its dependants stale, so --rebuild rebuilds them all, in this order.
# Each image's inputs include its base's ID, so a rebuilt base rebuilds what is built on it.
# ($hash, set by step, is read by build and build_debian.)
# step image hash builder [args...]: builds the image if needed, timed, and removes the image the
# tag pointed to before, once nothing else refers to it (no dangling copies pile up).
step() {
    local image=$1 old; hash=$2; shift 2
    needed "$image" "$hash" || return 0
    old=$(image_id "$image")
    timed "$image" "$@"
    if [[ "$old" != none && "$old" != "$(image_id "$image")" ]]; then
        podman rmi "$old" >/dev/null 2>&1 || true
    fi
}
step "$DEBIAN_IMAGE" \
    "$(inputs_hash - "$suite" "$mirror" "$security" "$apt_proxy" "$(sed -n '/^build_debian()/,/^}/p' "$0")")" \
    build_debian
step "$JDK_IMAGE" "$(inputs_hash "$here/java" openjdk-17-jdk-headless "$(image_id "$DEBIAN_IMAGE")")" \
    build_java "$JDK_IMAGE" openjdk-17-jdk-headless
step "$JRE_IMAGE" "$(inputs_hash "$here/java" openjdk-17-jre-headless "$(image_id "$DEBIAN_IMAGE")")" \
    build_java "$JRE_IMAGE" openjdk-17-jre-headless
step "$POSTGRES_IMAGE" "$(inputs_hash "$here/postgres" "$(image_id "$DEBIAN_IMAGE")")" build_postgres
step "$KAFKA_IMAGE" "$(inputs_hash "$here/kafka" "$(image_id "$JDK_IMAGE")" "$(image_id "$JRE_IMAGE")")" build_kafka
step "$S3MOCK_IMAGE" "$(inputs_hash "$here/s3mock" "$(image_id "$JRE_IMAGE")")" build_s3mock
printf 'base-images.sh: %-32s %6.1f s\n' "total" "$(awk "BEGIN{print $(date +%s.%N) - $total_start}")" >&2
podman images --filter "reference=$prefix/*" --format '{{.Repository}}:{{.Tag}}  {{.Size}}'
