#!/usr/bin/env bash
# What service identity costs the gateway (docs/security.md#service-identity), in one run.
#
# Starts three gateways from the same jar, with the devstack's routes, beside the devstack: as shipped
# (its identity, its token sent on the files route only), one without identity, and one that also sends
# its token on the products route. Then reads GET /products?size=20 directly from product-service and
# through each of the three with wrk, the order of the four rotated every round, and prints each
# gateway's requests/s relative to direct and to the gateway without identity (medians of the rounds).
# Needs the devstack (./octet up) for product-service and the gateway's identity, and wrk.
#
#   tests/load/microservices/identity.sh [--rounds N] [--duration SECONDS] [--connections N]
#
# Defaults: 5 rounds of 10 s per side after a 15 s warm-up of each, 16 connections. Bounded: at most 9
# rounds of 60 s, 256 connections; each wrk run is also killed by timeout; the extra gateways are stopped
# at the end.
set -euo pipefail

ROUNDS=5
DURATION=10
CONNECTIONS=16
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "Unknown option: $1" >&2; usage 2 ;;
  esac
done
fail() { echo "identity.sh: $*" >&2; exit 1; }
integer() { [[ $2 =~ ^[0-9]+$ ]] && (( $2 >= $3 && $2 <= $4 )) || fail "$1 must be a whole number from $3 to $4 (got '$2')"; }
integer --rounds "$ROUNDS" 1 9
integer --duration "$DURATION" 1 60
integer --connections "$CONNECTIONS" 2 256
command -v wrk >/dev/null || fail "wrk is needed (apt-get install wrk)"

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HOME_DIR=${OCTET_HOME:-$ROOT/.octet}
JAR=$ROOT/gateway/target/quarkus-app/quarkus-run.jar
IDENTITY=$HOME_DIR/secrets/identity/gateway
[[ -f $JAR ]] || fail "no gateway jar at $JAR (./mvnw -DskipTests install)"
[[ -f $IDENTITY/tls.crt ]] || fail "no gateway identity in $IDENTITY (is the devstack up? ./octet up)"
curl -sf --max-time 5 http://127.0.0.1:8082/q/health/ready >/dev/null || fail "product-service is not ready (./octet up)"

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

gateway() { # port, then extra environment assignments
  local port=$1; shift
  env QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 OCTET_DEVELOPMENT_SECRETS_ALLOWED=true \
    QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_LOG_CONSOLE_COLOR=false \
    OCTET_GATEWAY_ROUTES_USERS_TARGETS=http://127.0.0.1:8081 OCTET_GATEWAY_ROUTES_PRODUCTS_TARGETS=http://127.0.0.1:8082 \
    OCTET_GATEWAY_ROUTES_ORDERS_TARGETS=http://127.0.0.1:8083 \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=http://127.0.0.1:8081/.well-known/jwks.json "$@" \
    java -Xmx256m -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true -jar "$JAR" > "$WORK/gateway-$port.log" 2>&1 &
  PIDS+=($!)
}
gateway 18080
gateway 18081 OCTET_IDENTITY_FOLDER="$IDENTITY" OCTET_GATEWAY_ROUTES_PRODUCTS_IDENTITY=true
gateway 18082 OCTET_IDENTITY_FOLDER="$IDENTITY"
for port in 18080 18081 18082; do
  for _ in $(seq 60); do curl -sf --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done
  curl -sf --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null || fail "the gateway on $port did not start: $(tail -5 "$WORK/gateway-$port.log")"
done

declare -A URL=([direct]=http://127.0.0.1:8082/products?size=20 [shipped]=http://127.0.0.1:18082/api/products?size=20
  [none]=http://127.0.0.1:18080/api/products?size=20 [sending]=http://127.0.0.1:18081/api/products?size=20)
SIDES=(direct shipped none sending)
rps() { timeout $(($2 + 30)) wrk -t2 -c"$CONNECTIONS" -d"${2}s" "$1" 2>/dev/null | awk '/Requests\/sec/{print $2}'; }
echo "Warming up each side for 15 s..."
for side in "${SIDES[@]}"; do rps "${URL[$side]}" 15 >/dev/null; done
echo "Each run: ${DURATION}s, $CONNECTIONS connections; $ROUNDS rounds, the order of the sides rotated."
for (( round = 0; round < ROUNDS; round++ )); do
  for (( i = 0; i < 4; i++ )); do
    side=${SIDES[(i + round) % 4]}
    result=$(rps "${URL[$side]}" "$DURATION")
    [[ -n $result ]] || fail "wrk gave no result for $side"
    echo "$round $side $result" >> "$WORK/results"
    printf '  round %d %-8s %10s requests/s\n' "$round" "$side" "$result"
  done
done

awk '
  { rps[$1, $2] = $3; rounds[$1] = 1 }
  function median(values, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  END {
    split("shipped none sending", sides, " ")
    label["shipped"] = "as shipped (identity, no token to products)"
    label["none"] = "without identity"
    label["sending"] = "identity, token sent to products too"
    printf "\n%-46s %18s %22s\n", "gateway", "/ direct (median)", "/ without identity"
    for (s = 1; s <= 3; s++) {
      n = 0
      for (r in rounds) { n++; direct[n] = rps[r, sides[s]] / rps[r, "direct"]; none[n] = rps[r, sides[s]] / rps[r, "none"] }
      printf "%-46s %18s %22s\n", label[sides[s]], sprintf("x%.3f", median(direct, n)), sprintf("x%.3f", median(none, n))
    }
  }' "$WORK/results"
