#!/usr/bin/env bash
# Query router benchmark: pgbench directly against one PostgreSQL and through the router (same client
# count, same run; select-only, a single-shard write, and pgbench's TPC-B script), with the router
# reaching its shards over TCP and over their Unix-domain sockets; through a relay that understands nothing (TcpRelay.java: what the hop alone costs); then the router
# over 1, 2 and 4 shards.
#
# It starts everything it measures and stops it again: five PostgreSQL servers from the machine's
# binaries (four shards and one baseline, in a temporary folder, on free ports from BASE_PORT) and
# the packaged router. Build the router first:
#   ./mvnw -B -q package -pl services/query-router -am -DskipTests
# then run, from the repository root:
#   tests/load/query-router/bench.sh
# Settings (environment): CLIENTS (8), THREADS (2), DURATION seconds per run (15), REPEAT (1: runs of
# each pair, direct and routed alternating; the table shows medians), RELAY (1; 0 skips the relay
# runs), SCALING (1; 0 skips the shard scaling runs), SCALE (1), BASE_PORT (25400, below the ephemeral range), PG_BIN
# (/usr/lib/postgresql/15/bin), ROUTER_JAR.
# Clients always connect over TCP (127.0.0.1), to PostgreSQL and to the router alike.
# Both sides run with fsync off, so the figures compare the router with PostgreSQL, not disks.
set -euo pipefail

CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15}
REPEAT=${REPEAT:-1}
RELAY=${RELAY:-1}
SCALING=${SCALING:-1}
SCALE=${SCALE:-1}
BASE_PORT=${BASE_PORT:-25400}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
ROUTER_JAR=${ROUTER_JAR:-$ROOT/services/query-router/target/quarkus-app/quarkus-run.jar}
WORK=$(mktemp -d /tmp/octet-router-bench.XXXXXX)
chmod 755 "$WORK"
SOCKETS=$WORK/sockets
mkdir -p "$SOCKETS"
export PGPASSWORD=octet
SERVERS=()
ROUTER_PID=""
RELAY_PID=""

for tool in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" pgbench psql java; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ -f "$ROUTER_JAR" ] || { echo "no router at $ROUTER_JAR: build it first (see the top of this script)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi
}

cleanup() {
  [ -n "$ROUTER_PID" ] && kill "$ROUTER_PID" 2>/dev/null && wait "$ROUTER_PID" 2>/dev/null || true
  [ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null || true
  for data in "${SERVERS[@]}"; do as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

next_port=$BASE_PORT
PORT=""
free_port() { # sets PORT to the next port nobody listens on
  for _ in $(seq 1 200); do
    next_port=$((next_port + 1))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; then PORT=$next_port; return; fi
  done
  echo "no free port above $BASE_PORT" >&2; exit 1
}

start_postgres() { # name port
  local data="$WORK/$1"
  mkdir -p "$data" && echo octet > "$WORK/$1.pw"
  [ "$(id -u)" = 0 ] && chown -R postgres "$data" "$WORK/$1.pw" "$SOCKETS"
  as_postgres "$PG_BIN/initdb" -D "$data" -U octet --pwfile="$WORK/$1.pw" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/log" -w -t 60 -o "-p $2 -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories='$SOCKETS' -c max_connections=300 -c max_prepared_transactions=100 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB" start >/dev/null
  SERVERS+=("$data")
}

start_router() { # port http_port shard_list [socket_directory]
  env ${4:+"OCTET_ROUTER_SHARD_SOCKET_DIRECTORY=$4"} \
  OCTET_ROUTER_SHARDS=$3 OCTET_ROUTER_PORT=$1 OCTET_ROUTER_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$2 \
  OCTET_ROUTER_DATABASE=bench OCTET_ROUTER_TABLES_SHARDED=pgbench_accounts:aid,pgbench_history:aid \
  OCTET_ROUTER_INSTANCE_ID=bench$1 QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_LOG_LEVEL=WARN OCTET_DEVELOPMENT_SECRETS_ALLOWED=true \
    java -Xms512m -Xmx512m -jar "$ROUTER_JAR" > "$WORK/router-$1.log" 2>&1 &
  ROUTER_PID=$!
  for _ in $(seq 1 120); do
    psql -h 127.0.0.1 -p "$1" -U octet -d bench -Atc "select 1" >/dev/null 2>&1 && return
    kill -0 "$ROUTER_PID" 2>/dev/null || { tail -30 "$WORK/router-$1.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the router did not start" >&2; tail -30 "$WORK/router-$1.log" >&2; exit 1
}

stop_router() {
  kill "$ROUTER_PID" && wait "$ROUTER_PID" 2>/dev/null || true
  ROUTER_PID=""
}

cat > "$WORK/write.sql" <<'SQL'
\set aid random(1, 100000 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);
END;
SQL

# run <label> <port> <pgbench args...>: prints "tps p50_ms p99_ms"
run() {
  local label=$1 port=$2; shift 2
  local logs="$WORK/log-$label"
  mkdir -p "$logs"
  local out
  out=$(cd "$logs" && pgbench -h 127.0.0.1 -p "$port" -U octet -n -c "$CLIENTS" -j "$THREADS" -T "$DURATION" \
    -l --log-prefix=tx "$@" bench 2>&1) || { echo "$out" >&2; exit 1; }
  local tps
  tps=$(echo "$out" | awk '/^tps = / {print $3}')
  cat "$logs"/tx.* | awk '{print $3}' | sort -n > "$logs/sorted"
  local n p50 p99
  n=$(wc -l < "$logs/sorted")
  p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000; exit}' "$logs/sorted")
  p99=$(awk -v n="$n" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000; exit}' "$logs/sorted")
  rm -rf "$logs"
  printf '%.0f %s %s\n' "$tps" "$p50" "$p99"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

compare() { # workload direct_port router_port pgbench args... (prints one row of the table: medians of REPEAT pairs)
  local workload=$1 direct=$2 routed=$3; shift 3
  local runs="$WORK/runs-$$" i
  : > "$runs.d"; : > "$runs.r"
  for i in $(seq 1 "$REPEAT"); do
    run "direct-$workload" "$direct" "$@" >> "$runs.d"
    run "router-$workload" "$routed" "$@" >> "$runs.r"
  done
  local dt d50 d99 rt r50 r99
  dt=$(awk '{print $1}' "$runs.d" | median); d50=$(awk '{print $2}' "$runs.d" | median); d99=$(awk '{print $3}' "$runs.d" | median)
  rt=$(awk '{print $1}' "$runs.r" | median); r50=$(awk '{print $2}' "$runs.r" | median); r99=$(awk '{print $3}' "$runs.r" | median)
  printf '%-30s %7s %9s %8s %8s %9s %8s %8s %7s\n' "$workload" "$CLIENTS" "$dt" "$d50" "$d99" "$rt" "$r50" "$r99" \
    "$(awk -v a="$rt" -v b="$dt" 'BEGIN {printf "%.0f%%", 100 * a / b}')"
}

header() {
  printf '%-30s %7s %9s %8s %8s %9s %8s %8s %7s\n' workload clients direct-tps p50 p99 router-tps p50 p99 ratio
}

echo "Starting 4 shard servers and 1 baseline server in $WORK ..."
SHARD_PORTS=()
for i in 0 1 2 3; do free_port; start_postgres "shard$i" "$PORT"; SHARD_PORTS+=("$PORT"); done
free_port; BASELINE=$PORT; start_postgres baseline "$BASELINE"
for p in "${SHARD_PORTS[@]}" "$BASELINE"; do
  psql -h 127.0.0.1 -p "$p" -U octet -d postgres -qc "create database bench" >/dev/null
  for n in 1 2 4; do psql -h 127.0.0.1 -p "$p" -U octet -d postgres -qc "create database bench$n" >/dev/null; done
done
pgbench -h 127.0.0.1 -p "$BASELINE" -U octet -i -q -s "$SCALE" bench >/dev/null 2>&1

SHARD_LIST=$(printf '127.0.0.1:%s/bench,' "${SHARD_PORTS[@]}" | sed 's/,$//')
free_port; ROUTER_PORT=$PORT; free_port; HTTP_PORT=$PORT
start_router "$ROUTER_PORT" "$HTTP_PORT" "$SHARD_LIST"
pgbench -h 127.0.0.1 -p "$ROUTER_PORT" -U octet -i -q -s "$SCALE" bench >/dev/null 2>&1
# Warm both sides up (the router's JIT especially), bounded like every run.
DURATION=5 run warm-direct "$BASELINE" -S -M prepared >/dev/null
DURATION=10 run warm-router "$ROUTER_PORT" -S -M prepared >/dev/null

echo
echo "Direct PostgreSQL vs the router over 4 shards (router to shards over TCP), $CLIENTS clients, ${DURATION}s each,"
echo "medians of $REPEAT run(s) (latency in ms)"
header
compare "select-only prepared" "$BASELINE" "$ROUTER_PORT" -S -M prepared
compare "select-only simple" "$BASELINE" "$ROUTER_PORT" -S -M simple
compare "write (update+insert)" "$BASELINE" "$ROUTER_PORT" -f "$WORK/write.sql" -M prepared
# pgbench's own TPC-B script: tellers and branches are reference tables (written on every shard, first
# shard first), so every routed transaction commits in two phases, and all contend for the one branch
# row. Deadlock victims, if any, are retried.
compare "tpc-b (2PC every transaction)" "$BASELINE" "$ROUTER_PORT" -M prepared --max-tries 10
# One client: latency-bound rather than CPU-bound, the router's added round trip in plain sight.
CLIENTS=1 THREADS=1 compare "select-only, 1 client" "$BASELINE" "$ROUTER_PORT" -S -M prepared
stop_router

# The same shards, reached over their Unix-domain sockets: what a router on the same host as its
# shards can use; clients still come over TCP.
free_port; ROUTER_PORT=$PORT; free_port; HTTP_PORT=$PORT
start_router "$ROUTER_PORT" "$HTTP_PORT" "$SHARD_LIST" "$SOCKETS"
DURATION=10 run warm-router "$ROUTER_PORT" -S -M prepared >/dev/null
echo
echo "Direct PostgreSQL vs the router over 4 shards (router to shards over Unix-domain sockets)"
header
compare "select-only prepared (unix)" "$BASELINE" "$ROUTER_PORT" -S -M prepared
compare "write (unix)" "$BASELINE" "$ROUTER_PORT" -f "$WORK/write.sql" -M prepared
stop_router

if [ "$RELAY" = 1 ]; then
  # The floor of any proxy: the same threading as the router (Netty event loops), no protocol at all.
  free_port; RELAY_PORT=$PORT
  java -Xms256m -Xmx256m -cp "$(dirname "$ROUTER_JAR")/lib/main/*" "$ROOT/tests/load/query-router/TcpRelay.java" \
    "$RELAY_PORT" 127.0.0.1 "$BASELINE" > "$WORK/relay.log" 2>&1 &
  RELAY_PID=$!
  for _ in $(seq 1 60); do
    psql -h 127.0.0.1 -p "$RELAY_PORT" -U octet -d bench -Atc "select 1" >/dev/null 2>&1 && break
    kill -0 "$RELAY_PID" 2>/dev/null || { cat "$WORK/relay.log" >&2; exit 1; }
    sleep 0.5
  done
  DURATION=5 run warm-relay "$RELAY_PORT" -S -M prepared >/dev/null
  echo
  echo "Direct PostgreSQL vs a relay that copies bytes and understands nothing (TcpRelay.java, over TCP)"
  header
  compare "select-only prepared (relay)" "$BASELINE" "$RELAY_PORT" -S -M prepared
  kill "$RELAY_PID" && wait "$RELAY_PID" 2>/dev/null || true
  RELAY_PID=""
fi

[ "$SCALING" = 1 ] || exit 0
echo
echo "Scaling: the router over 1, 2 and 4 shards, $CLIENTS clients, ${DURATION}s each"
printf '%-8s %14s %8s %8s %14s %8s %8s\n' shards select-tps p50 p99 write-tps p50 p99
for n in 1 2 4; do
  list=$(for p in "${SHARD_PORTS[@]:0:$n}"; do printf '127.0.0.1:%s/bench%s,' "$p" "$n"; done | sed 's/,$//')
  free_port; ROUTER_PORT=$PORT; free_port; HTTP_PORT=$PORT
  start_router "$ROUTER_PORT" "$HTTP_PORT" "$list"
  # the router's database is called bench; its shards' databases are bench$n
  pgbench -h 127.0.0.1 -p "$ROUTER_PORT" -U octet -i -q -s "$SCALE" bench >/dev/null 2>&1
  DURATION=3 run warm "$ROUTER_PORT" -S -M prepared >/dev/null
  read -r st s50 s99 < <(run "scale-select-$n" "$ROUTER_PORT" -S -M prepared)
  read -r wt w50 w99 < <(run "scale-write-$n" "$ROUTER_PORT" -f "$WORK/write.sql" -M prepared)
  printf '%-8s %14s %8s %8s %14s %8s %8s\n' "$n" "$st" "$s50" "$s99" "$wt" "$w50" "$w99"
  stop_router
done
echo
echo "All servers run on this one machine: more shards add parallelism only where there are cores to use."
