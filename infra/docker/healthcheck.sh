#!/bin/bash
# Container health check for Octet's service images, which carry no curl or wget:
#   healthcheck.sh [path]   (default /q/health/ready)
# Exits 0 when GET http://127.0.0.1:$QUARKUS_HTTP_PORT<path> answers 200, 1 otherwise.
set -u
path="${1:-/q/health/ready}"
port="${QUARKUS_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" 2>/dev/null || exit 1
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
read -r -t 5 _protocol status _reason <&3 || exit 1
[[ "$status" == "200" ]]
