#!/usr/bin/env bash
# The peer-to-peer simulation benchmark (docs/peer-to-peer.md#the-simulator), in one run.
#
# Runs services/peer's protocol code on a simulated network: Kademlia's lookup hops, latency and exactness
# at each size (printed beside log2(n)), then SWIM's first suspicion, full detection and false positives at
# each size and loss (beside SWIM's expected first detection e/(e-1) T' and the bound of the parameters).
# Needs services/peer built (./mvnw -q package -pl services/peer -DskipTests).
#
#   tests/load/p2p/simulation.sh [--sizes 100,1000,10000] [--swim-sizes 100,500] [--losses 0,0.01,0.05,0.1]
#                                [--lookups 300] [--seed 1]
#
# Bounded: Kademlia at most 20,000 peers, SWIM at most 2,000, 2,000 lookups; the whole run is killed after
# an hour. Deterministic: the same seed prints the same figures (bar the wall-clock column).
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
fail() { echo "simulation.sh: $*" >&2; exit 1; }
SIZES=100,1000,10000
SWIM_SIZES=100,500
LOSSES=0,0.01,0.05,0.1
LOOKUPS=300
SEED=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --swim-sizes) SWIM_SIZES=$2; shift 2 ;;
    --losses) LOSSES=$2; shift 2 ;;
    --lookups) LOOKUPS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "Unknown option: $1" >&2; usage 2 ;;
  esac
done
sizes() {
  [[ $2 =~ ^[0-9]+(,[0-9]+)*$ ]] || fail "$1 takes sizes separated by commas (got '$2')"
  local size
  for size in ${2//,/ }; do (( size >= 2 && size <= $3 )) || fail "$1: each size from 2 to $3 (got $size)"; done
}
sizes --sizes "$SIZES" 20000
sizes --swim-sizes "$SWIM_SIZES" 2000
[[ $LOSSES =~ ^0(\.[0-9]+)?(,0(\.[0-9]+)?)*$ ]] || fail "--losses takes fractions below 1 separated by commas (got '$LOSSES')"
[[ $LOOKUPS =~ ^[0-9]+$ ]] && (( LOOKUPS >= 1 && LOOKUPS <= 2000 )) || fail "--lookups from 1 to 2000 (got '$LOOKUPS')"
[[ $SEED =~ ^[0-9]+$ ]] || fail "--seed is a whole number (got '$SEED')"

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
MODULE=$ROOT/services/peer/target
if [[ -d $MODULE/quarkus-app ]]; then
  CLASSPATH="$MODULE/quarkus-app/app/*:$MODULE/quarkus-app/lib/main/*"
elif compgen -G "$MODULE/peer-*.jar" >/dev/null; then
  CLASSPATH=$(compgen -G "$MODULE/peer-*.jar" | head -1)
else
  fail "services/peer is not built: ./mvnw -q package -pl services/peer -DskipTests"
fi
exec timeout 3600 java -Xmx8g -cp "$CLASSPATH" dev.octet.peer.simulation.SimulationBenchmark \
  --sizes "$SIZES" --swim-sizes "$SWIM_SIZES" --losses "$LOSSES" --lookups "$LOOKUPS" --seed "$SEED"
