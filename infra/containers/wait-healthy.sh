#!/bin/bash
# Waits until the named docker-compose services' containers are healthy (one-shot containers: exited
# with status 0), or fails after a time limit, naming the ones that are not. docker-compose 1.29 has no
# `up --wait`; this is it, for any engine the docker CLI reaches (DOCKER_HOST).
#
#   infra/containers/wait-healthy.sh [-t seconds] <docker-compose arguments...> -- <service>...
#   e.g. wait-healthy.sh -t 300 -p octet-it -f docker-compose.yml -- gateway kafka-init
set -euo pipefail
limit=300
if [[ "${1:-}" == "-t" ]]; then limit=$2; shift 2; fi
compose=()
while (( $# )) && [[ "$1" != "--" ]]; do compose+=("$1"); shift; done
shift || true
services=("$@")
(( ${#services[@]} )) || { echo "wait-healthy.sh: no services named" >&2; exit 2; }

deadline=$((SECONDS + limit))
while true; do
    waiting=()
    for service in "${services[@]}"; do
        id=$(docker-compose "${compose[@]}" ps -q "$service" 2>/dev/null | head -n 1)
        if [[ -z "$id" ]]; then waiting+=("$service:absent"); continue; fi
        state=$(docker inspect --format '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id" 2>/dev/null || echo "unknown")
        read -r status code health <<<"$state"
        if [[ "$status" == exited && "$code" == 0 && -z "${health:-}" ]]; then continue; fi
        [[ "${health:-}" == healthy ]] && continue
        waiting+=("$service:$status${health:+/$health}")
    done
    (( ${#waiting[@]} == 0 )) && exit 0
    if (( SECONDS >= deadline )); then
        echo "wait-healthy.sh: not healthy after ${limit}s: ${waiting[*]}" >&2
        exit 1
    fi
    sleep 2
done
