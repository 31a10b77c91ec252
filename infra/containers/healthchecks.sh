#!/bin/bash
# Runs container health checks. Podman 4.3 schedules `podman healthcheck run` only through systemd
# timers; without systemd no check ever runs, containers stay "starting", and compose's
# `depends_on: condition: service_healthy` waits forever. This loop schedules them instead.
#
# Every HEALTHCHECK_PERIOD seconds (default 2) it looks at the running containers; for each that has
# a health check whose interval has passed since its last run here, it starts
# `podman healthcheck run <id>` in the background (never two at once for one container), bounded by
# the check's own timeout plus a margin. Podman applies retries, start period and the
# starting/healthy/unhealthy transitions itself. The granularity is the period: an interval of
# 5 s runs every 6 s with the default period.
#
#   healthchecks.sh                            run until SIGTERM/SIGINT (engine.sh starts it in the
#                                              background and keeps its pid file)
#   HEALTHCHECK_MAX_SECONDS=600 healthchecks.sh   stop by itself after 600 s (default 0: never)
set -u
period="${HEALTHCHECK_PERIOD:-2}"
max_seconds="${HEALTHCHECK_MAX_SECONDS:-0}"
started=$SECONDS

declare -A last_run=()   # container id -> $SECONDS of its last check here
declare -A check_pid=()  # container id -> pid of a check still running

trap 'kill $(jobs -p) 2>/dev/null; exit 0' TERM INT

while :; do
    if (( max_seconds > 0 && SECONDS - started >= max_seconds )); then
        kill $(jobs -p) 2>/dev/null
        exit 0
    fi
    # One inspect for all running containers: id, number of test words, interval and timeout (ns).
    ids=$(podman ps -q --no-trunc 2>/dev/null)
    if [[ -n "$ids" ]]; then
        # shellcheck disable=SC2086
        while read -r id words interval timeout; do
            [[ -z "$id" || "$words" == 0 || -z "$words" ]] && continue
            # Docker's defaults: interval 30 s, timeout 30 s.
            (( interval > 0 )) || interval=30000000000
            (( timeout > 0 )) || timeout=30000000000
            interval_s=$(( interval / 1000000000 )); (( interval_s > 0 )) || interval_s=1
            timeout_s=$(( timeout / 1000000000 + 5 ))
            pid="${check_pid[$id]:-}"
            if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
                continue # the previous check of this container is still running
            fi
            if (( SECONDS - ${last_run[$id]:--1000000} >= interval_s )); then
                timeout "$timeout_s" podman healthcheck run "$id" >/dev/null 2>&1 &
                check_pid[$id]=$!
                last_run[$id]=$SECONDS
            fi
        done < <(podman inspect --format '{{.Id}} {{if .Config.Healthcheck}}{{len .Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval.Nanoseconds}} {{.Config.Healthcheck.Timeout.Nanoseconds}}{{else}}0 0 0{{end}}' $ids 2>/dev/null)
    fi
    # Forget containers that are gone.
    for id in "${!last_run[@]}"; do
        [[ "$ids" == *"$id"* ]] || unset "last_run[$id]" "check_pid[$id]"
    done
    sleep "$period" &
    wait $!
done
