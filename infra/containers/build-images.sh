#!/bin/bash
# Builds every octet/* service image from the root Dockerfile, one target per service, with Podman
# (or Docker: ENGINE=docker), on a machine that cannot pull: the base images are the local ones
# base-images.sh makes, and Maven builds offline from this machine's local repository, mounted into
# the build, so the reactor is not downloaded again (run ./mvnw once before, as CI does).
#
#   infra/containers/build-images.sh            every target
#   infra/containers/build-images.sh gateway    some of them
#
# The Dockerfile's shared build stage runs once: the first target builds it, the others find it in
# the layer cache. Prints each target's time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

ENGINE=${ENGINE:-podman}
JDK_IMAGE=${JDK_IMAGE:-localhost/octet-base/jdk:17}
JRE_IMAGE=${JRE_IMAGE:-localhost/octet-base/jre:17}
M2=${M2:-$HOME/.m2}
version=$(sed -n 's/^OCTET_VERSION=//p' .env)

if (( $# )); then
    targets=("$@")
else
    mapfile -t targets < <(sed -n 's/^FROM runtime AS \([a-z-]*\)$/\1/p' Dockerfile)
fi
[[ -d "$M2/repository" ]] || { echo "build-images.sh: no local Maven repository at $M2 (run ./mvnw package first)" >&2; exit 1; }

for target in "${targets[@]}"; do
    started=$SECONDS
    args=(build --target "$target" -t "octet/$target:$version"
          --build-arg "JDK_IMAGE=$JDK_IMAGE" --build-arg "JRE_IMAGE=$JRE_IMAGE"
          --build-arg "MAVEN_ARGS=-o -Dmaven.repo.local=/host-m2/repository" --build-arg "MAVEN_USER_HOME=/host-m2"
          -v "$M2:/host-m2")
    [[ "$ENGINE" == podman ]] && args+=(--format docker --pull=never --layers)
    "$ENGINE" "${args[@]}" . >&2
    echo "build-images.sh: octet/$target:$version in $((SECONDS - started)) s" >&2
done
