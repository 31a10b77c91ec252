#!/usr/bin/env bash
# Gateway overhead benchmark for the microservices type.
#
# Runs the same product-browsing load (list, search, get) directly against product-service and
# through the gateway, back to back, then the full scenario (browsing plus orders placed with a
# bearer token) through the gateway, and prints requests/s and p50/p99 latency for each, with the
# gateway's ratio to direct. Needs a running stack (./octet up) and wrk (installed if missing).
#
#   tests/load/microservices/run.sh [--gateway URL] [--direct URL] [--duration SECONDS]
#                                   [--warmup SECONDS] [--connections N] [--threads N]
#                                   [--rounds N] [--products N] [--order-share FRACTION]
#
# Defaults: gateway http://127.0.0.1:8080, product-service http://127.0.0.1:8082, 20 s per run after
# a 10 s unmeasured warm-up of each side (JIT), 32 connections, 2 threads, 1 round, 30 products,
# 10% orders in the full scenario. Bounded: at most 120 s per run, 60 s of warm-up, 512 connections,
# 5 rounds; every run is also killed by timeout.
set -euo pipefail

GATEWAY=http://127.0.0.1:8080
DIRECT=http://127.0.0.1:8082
DURATION=20
WARMUP=10
CONNECTIONS=32
THREADS=2
ROUNDS=1
PRODUCTS=30
ORDER_SHARE=0.1

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway) GATEWAY=${2%/}; shift 2 ;;
    --direct) DIRECT=${2%/}; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --products) PRODUCTS=$2; shift 2 ;;
    --order-share) ORDER_SHARE=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "Unknown option: $1" >&2; usage 2 ;;
  esac
done

fail() { echo "run.sh: $*" >&2; exit 1; }
trap 'echo "run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
integer() { [[ $2 =~ ^[0-9]+$ ]] && (( $2 >= $3 && $2 <= $4 )) || fail "$1 must be a whole number from $3 to $4 (got '$2')"; }
integer --duration "$DURATION" 1 120
integer --warmup "$WARMUP" 0 60
integer --connections "$CONNECTIONS" 1 512
integer --threads "$THREADS" 1 64
integer --rounds "$ROUNDS" 1 5
integer --products "$PRODUCTS" 1 100
[[ $ORDER_SHARE =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || fail "--order-share must be a fraction from 0 to 1 (got '$ORDER_SHARE')"
(( THREADS <= CONNECTIONS )) || fail "--threads must not exceed --connections"

HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPT=$HERE/microservices.lua

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it (apt-get install -y wrk)..."
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || fail "wrk is not installed and could not be installed; install it (e.g. apt-get install wrk)"
fi
command -v curl >/dev/null || fail "curl is needed"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- Setup: a user and its token, and products with plenty of stock, all through the gateway. ---
http() { # method url [body] [token] -> prints the body; fails on a non-2xx status
  local out=$WORK/http.out status
  status=$(curl -sS -o "$out" -w '%{http_code}' --max-time 10 -X "$1" "$2" \
    -H 'Content-Type: application/json' ${4:+-H "Authorization: Bearer $4"} ${3:+--data "$3"}) \
    || fail "$1 $2: no answer (is the stack up? ./octet up)"
  [[ $status == 2* ]] || fail "$1 $2 answered $status: $(head -c 400 "$out")"
  cat "$out"
}
json_string() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | sed "s/\"$1\":\"\(.*\)\"/\1/"; }

for url in "$GATEWAY/q/health/ready" "$DIRECT/q/health/ready"; do
  curl -sf --max-time 5 "$url" >/dev/null || fail "$url is not ready (is the stack up? ./octet up)"
done

EMAIL="load-$(date +%s)-$RANDOM@example.test"
PASSWORD="load-test-password"
http POST "$GATEWAY/api/users" "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"Load Tester\"}" >/dev/null
TOKEN=$(http POST "$GATEWAY/api/users/login" "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json_string accessToken)
[[ -n $TOKEN ]] || fail "logging in gave no accessToken"

words=(lamp chair desk shelf rug mug)
categories=(loadtest-home loadtest-office loadtest-kitchen)
ids_in_catalog() {
  for category in "${categories[@]}"; do
    http GET "$GATEWAY/api/products?category=$category&size=100" | { grep -o '"id":"[0-9a-f-]\{36\}"' || true; } | cut -d'"' -f4
  done
}
existing=$(ids_in_catalog | wc -l)
for (( i = existing; i < PRODUCTS; i++ )); do
  word=${words[i % ${#words[@]}]}
  category=${categories[i % ${#categories[@]}]}
  http POST "$GATEWAY/api/products" "{\"sku\":\"load-$i-$RANDOM\",\"name\":\"Load $word $i\",\"description\":\"A $word for load tests\",\"category\":\"$category\",\"price\":19.90,\"stock\":1000000}" "$TOKEN" >/dev/null
done
ids_in_catalog > "$WORK/product-ids"
echo "Setup: user $EMAIL, $(wc -l < "$WORK/product-ids") products in categories ${categories[*]}."

# --- The runs. ---
load() { # seconds base-url products-path order-share
  PRODUCT_IDS=$WORK/product-ids PRODUCTS_PATH=$3 ORDERS_PATH=/api/orders TOKEN=$TOKEN ORDER_SHARE=$4 \
    timeout $(($1 + 30)) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${1}s" --timeout 10s -s "$SCRIPT" "$2"
}

run() { # label base-url products-path order-share
  local output
  output=$(load "$DURATION" "$2" "$3" "$4") || fail "wrk failed for $1: $output"
  local result
  result=$(grep '^RESULT' <<<"$output") || fail "no RESULT line from wrk for $1: $output"
  echo "$1 $result" >> "$WORK/results"
  printf '  %-22s %s\n' "$1" "${result#RESULT }"
}

if (( WARMUP > 0 )); then
  echo "Warming up both sides for ${WARMUP}s each (not measured)..."
  load "$WARMUP" "$DIRECT" /products 0 >/dev/null || fail "the warm-up against $DIRECT failed"
  load "$WARMUP" "$GATEWAY" /api/products "$ORDER_SHARE" >/dev/null || fail "the warm-up against $GATEWAY failed"
fi
echo "Each run: ${DURATION}s, $CONNECTIONS connections, $THREADS threads; $ROUNDS round(s), direct and gateway alternating."
for (( round = 1; round <= ROUNDS; round++ )); do
  run direct-browse "$DIRECT" /products 0
  run gateway-browse "$GATEWAY" /api/products 0
done
run gateway-browse+orders "$GATEWAY" /api/products "$ORDER_SHARE"

# --- Summary: medians over the rounds; the ratios pair each round's direct and gateway runs, which ran
# back to back under the same conditions on the machine.
awk -v rounds="$ROUNDS" -v share="$ORDER_SHARE" '
  function field(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } }
  function median(values, count,   i, j, t) {
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
    return (count % 2) ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
  }
  function column(label, name, out,   i) { for (i = 1; i <= n[label]; i++) out[i] = value[label, i, name]; return median(out, n[label]) }
  function ratio(name, out,   i) {
    for (i = 1; i <= n["gateway-browse"]; i++) out[i] = value["gateway-browse", i, name] / value["direct-browse", i, name]
    return median(out, n["gateway-browse"])
  }
  { n[$1]++; value[$1, n[$1], "rps"] = field("rps"); value[$1, n[$1], "p50"] = field("p50_ms")
    value[$1, n[$1], "p99"] = field("p99_ms"); errors[$1] += field("errors") }
  END {
    printf "\n%-30s %12s %10s %10s %8s\n", "scenario (median)", "requests/s", "p50 ms", "p99 ms", "errors"
    split("direct-browse gateway-browse gateway-browse+orders", labels, " ")
    for (l = 1; l <= 3; l++) {
      label = labels[l]
      printf "%-30s %12.1f %10.2f %10.2f %8d\n", label, column(label, "rps"), column(label, "p50"), column(label, "p99"), errors[label]
    }
    printf "\ngateway / direct, browsing (median of %d paired round(s)): throughput x%.2f, p50 x%.2f, p99 x%.2f\n",
      rounds, ratio("rps"), ratio("p50"), ratio("p99")
    printf "full scenario through the gateway (%.0f%% orders): %.1f requests/s\n", share * 100, column("gateway-browse+orders", "rps")
  }' "$WORK/results"
