#!/bin/bash
# Makes a Docker-compatible container engine available on a Debian 12 machine without Docker:
# Podman, driven through its Docker API socket, so that `docker-compose` (1.29) can run
# docker-compose.yml. Idempotent: every step checks first and does nothing when already done.
#
#   infra/containers/engine.sh [start]   install/configure Podman, start the API service and the
#                                        health-check runner; prints DOCKER_HOST=... (eval-able)
#   infra/containers/engine.sh stop      stop the API service and the health-check runner
#   infra/containers/engine.sh status    show what runs
#
# Use it as:   eval "$(infra/containers/engine.sh | grep '^export ')"
#
# Needs root (apt, /etc/containers, /run/podman). Logs and pid files: /run/octet-containers/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
socket_path=/run/podman/podman.sock
state_dir=/run/octet-containers
service_pid="$state_dir/podman-service.pid"
health_pid="$state_dir/healthchecks.pid"
conf=/etc/containers/containers.conf

# Debian packages: the engine, runc (crun fails on this kernel's hybrid cgroup layout), the CNI
# plugins with dnsname (containers on one network resolve each other's names), debootstrap for
# base-images.sh, docker-compose for the compose files.
packages=(podman runc containernetworking-plugins golang-github-containernetworking-plugin-dnsname
          debootstrap docker-compose)

log() { echo "engine.sh: $*" >&2; }

need_root() {
    if [[ $(id -u) -ne 0 ]]; then
        log "run as root"; exit 1
    fi
}

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if (( ${#missing[@]} == 0 )); then
        log "packages present"; return
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# containers.conf: only what this machine needs; rewritten only when its content changes.
write_config() {
    local nofile nproc systemd_present=false
    nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
    # "unlimited" is not a number Podman takes; fall back to large but safe values.
    [[ "$nofile" == unlimited ]] && nofile=1048576
    [[ "$nproc" == unlimited ]] && nproc=65536
    # Podman lowers its own (and so conmon's and runc's) hard nproc limit to kernel.pid_max; a
    # container asking for more fails with "error setting rlimit type 6: operation not permitted".
    local pid_max; pid_max=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo "$nproc")
    (( pid_max < nproc )) && nproc=$pid_max
    [[ -d /run/systemd/system ]] && systemd_present=true
    local cgroup_manager=cgroupfs events_logger=file
    if $systemd_present; then cgroup_manager=systemd; events_logger=journald; fi
    local wanted
    wanted=$(cat <<EOF
# Written by infra/containers/engine.sh; rerun it to regenerate (hand edits are overwritten).
[containers]
# The default ulimits (nofile 1048576) exceed this machine's hard limits: containers would not start.
# nproc is also capped at kernel.pid_max, to which Podman lowers its own limit.
default_ulimits = [
  "nofile=${nofile}:${nofile}",
  "nproc=${nproc}:${nproc}",
]

[engine]
# crun fails on this kernel's hybrid (v1) cgroups; runc works.
runtime = "runc"
cgroup_manager = "${cgroup_manager}"
events_logger = "${events_logger}"

[network]
# CNI with the dnsname plugin (Debian's netavark 1.4 is not used): containers on one
# compose network resolve each other's service names.
network_backend = "cni"
EOF
)
    mkdir -p /etc/containers
    if [[ -f "$conf" ]] && [[ "$(cat "$conf")" == "$wanted" ]]; then
        log "$conf up to date"; return
    fi
    [[ -f "$conf" && ! -f "$conf.orig" ]] && cp "$conf" "$conf.orig"
    printf '%s\n' "$wanted" >"$conf"
    log "wrote $conf (nofile=$nofile nproc=$nproc cgroup_manager=$cgroup_manager)"
    # The API service reads the file when it starts: a running one must restart to see it.
    if running "$service_pid"; then
        stop_one "$service_pid" "podman system service (configuration changed)"
    fi
}

running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts a command in the background for good: in its own session (setsid), so it outlives the shell
# that ran this script, with its output in a log, and with every descriptor above 2 closed, so that it
# holds nothing of its caller's open (a lock such as `flock file .ci/run` would otherwise stay taken
# for as long as the daemon runs), working in /. Sets detached_pid.
detached() { # log file, command...
    local log=$1; shift
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if (( fd > 2 )); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
        done
        # In /, not in the caller's folder: a checkout deleted while the daemon runs would leave
        # conmon without a working directory, and no container would start.
        cd /
        exec setsid "$@" >>"$log" 2>&1 </dev/null
    ) &
    detached_pid=$!
}

start_service() {
    mkdir -p "$state_dir" /run/podman
    if running "$service_pid"; then
        log "podman system service running (pid $(cat "$service_pid"))"
    else
        rm -f "$socket_path"
        detached "$state_dir/podman-service.log" podman system service --time=0 "unix://$socket_path"
        echo "$detached_pid" >"$service_pid"
        log "started podman system service (pid $detached_pid), log $state_dir/podman-service.log"
    fi
    for _ in $(seq 1 50); do
        if [[ -S "$socket_path" ]] && curl -fsS --unix-socket "$socket_path" http://d/_ping >/dev/null 2>&1; then
            return
        fi
        sleep 0.2
    done
    log "the API socket $socket_path does not answer; see $state_dir/podman-service.log"; exit 1
}

start_healthchecks() {
    if running "$health_pid"; then
        log "health-check runner running (pid $(cat "$health_pid"))"; return
    fi
    detached "$state_dir/healthchecks.log" "$here/healthchecks.sh"
    echo "$detached_pid" >"$health_pid"
    log "started health-check runner (pid $detached_pid), log $state_dir/healthchecks.log"
}

stop_one() { # pidfile name
    if running "$1"; then
        local pid; pid=$(cat "$1")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        log "stopped $2 (pid $pid)"
    else
        log "$2 not running"
    fi
    rm -f "$1"
}

case "${1:-start}" in
    start)
        need_root
        install_packages
        write_config
        start_service
        start_healthchecks
        echo "export DOCKER_HOST=unix://$socket_path"
        ;;
    stop)
        stop_one "$health_pid" "health-check runner"
        stop_one "$service_pid" "podman system service"
        ;;
    status)
        running "$service_pid" && echo "podman system service: running (pid $(cat "$service_pid"))" \
            || echo "podman system service: stopped"
        running "$health_pid" && echo "health-check runner: running (pid $(cat "$health_pid"))" \
            || echo "health-check runner: stopped"
        ;;
    *)
        echo "usage: $0 [start|stop|status]" >&2; exit 2
        ;;
esac
