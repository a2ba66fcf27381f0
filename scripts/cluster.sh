#!/usr/bin/env bash
# 邻里 as a district or city runs it, on this machine: PostgreSQL (scripts/postgres.sh),
# several server instances on one database, and HAProxy in front of them, all on
# 127.0.0.1. Prints the address and stops everything on Ctrl-C (or SIGTERM).
#
#   scripts/cluster.sh          start with demo data, serve until Ctrl-C
#   scripts/cluster.sh load     start, then print load figures of one SQLite instance
#                               and of the cluster side by side: sync_bench's pushes and
#                               pulls, wrk on the pull every open app makes, and how much
#                               the database grew (figures only, nothing asserted)
#   scripts/cluster.sh households
#                               start, then run the load test of one community with locust
#                               (tests/load/): LINLI_HOUSEHOLDS (default 3,000) verified
#                               households pulling every 30 s, an urgent notice acknowledged
#                               by 1,000, cases filed with photos, for LINLI_LOAD_MINUTES
#                               (default 10) against one SQLite instance, then the cluster;
#                               prints both side by side (errors printed, nothing asserted)
#
# LINLI_INSTANCES (default 3) instances on ports LINLI_FIRST_INSTANCE_PORT (default 18081)
# and up; HAProxy on LINLI_CLUSTER_PORT (default 8080); the single instance of load and
# households on LINLI_SINGLE_PORT (default 18090). PostgreSQL on LINLI_PG_PORT
# (scripts/postgres.sh). The database linli_cluster is made afresh at every start.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

INSTANCES=${LINLI_INSTANCES:-3}
PORT=${LINLI_CLUSTER_PORT:-8080}
FIRST_INSTANCE_PORT=${LINLI_FIRST_INSTANCE_PORT:-18081}
SINGLE_PORT=${LINLI_SINGLE_PORT:-18090}
HOUSEHOLDS=${LINLI_HOUSEHOLDS:-3000}
MINUTES=${LINLI_LOAD_MINUTES:-10}
mode=${1:-serve}
case $mode in
serve | load | households) ;;
*)
    echo "usage: scripts/cluster.sh [load|households]" >&2
    exit 2
    ;;
esac

say() { echo "cluster: $*"; }

scripts/setup.sh bench >/dev/null
cargo build --release -q -p linli-server --bin linli-server --example sync_bench
[[ -f dist/index.html ]] || say "no built app in dist/ (scripts/build.sh): serving the API only"

work=$(mktemp -d)
pids=()
haproxy_pid=
stop_all() {
    trap - EXIT INT TERM
    # HAProxy stops on SIGTERM; linli-server shuts down gracefully on SIGINT.
    [[ -z $haproxy_pid ]] || kill -TERM "$haproxy_pid" 2>/dev/null || true
    for pid in "${pids[@]}"; do
        kill -INT "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

server_url=$(scripts/postgres.sh)
database_url=${server_url%/*}/linli_cluster
psql -q "$server_url" -c "DROP DATABASE IF EXISTS linli_cluster WITH (FORCE)" -c "CREATE DATABASE linli_cluster"

# Starts one linli-server in the background and waits until it listens.
# start_instance NAME DATABASE_URL PORT [extra options…]
start_instance() {
    local name=$1 url=$2 port=$3
    shift 3
    NO_COLOR=1 target/release/linli-server --bind "127.0.0.1:$port" --database-url "$url" \
        --dist dist --public-url "http://127.0.0.1:$PORT" "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
    local pid=$!
    for _ in $(seq 300); do
        if grep -q "listening on" "$work/$name.log"; then
            return
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            say "$name exited:"
            cat "$work/$name.log"
            exit 1
        fi
        sleep 0.1
    done
    say "$name did not start within 30 s"
    exit 1
}

# The first instance migrates the schema and puts in the demo data; the others find it.
servers=""
for i in $(seq "$INSTANCES"); do
    port=$((FIRST_INSTANCE_PORT + i - 1))
    extra=(--trust-forwarded-for)
    [[ $i == 1 ]] && extra+=(--demo-data)
    start_instance "instance-$i" "$database_url" "$port" "${extra[@]}"
    servers+="    server instance-$i 127.0.0.1:$port check
"
done

# Round robin over the instances that answer their health check; a request whose
# connection fails is sent to another one. The X-Forwarded-For HAProxy adds is what
# the instances count log-in attempts by (--trust-forwarded-for).
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 4096

defaults
    mode http
    maxconn 4096
    option forwardfor
    option redispatch
    retries 2
    timeout connect 2s
    timeout client 60s
    timeout server 60s

frontend linli
    bind 127.0.0.1:$PORT
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /api/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
$servers
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($!)
for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null && break
    sleep 0.1
done

if [[ $mode == serve ]]; then
    say "PostgreSQL $database_url, $INSTANCES instances (ports $FIRST_INSTANCE_PORT…), HAProxy in front"
    say "邻里 at http://127.0.0.1:$PORT — Ctrl-C stops everything"
    wait -n "${pids[@]}"
    say "a process of the cluster exited; stopping"
    exit 1
fi

# load and households: the same work, first against one instance on SQLite, then through
# HAProxy against the cluster. The single instance trusts X-Forwarded-For as one behind a
# proxy does (the households' registrations say their own addresses in it).
start_instance single "sqlite://$work/single.db" "$SINGLE_PORT" --demo-data --trust-forwarded-for

token_at() {
    curl -fsS -H 'Content-Type: application/json' \
        -d "{\"phone\":\"$2\",\"password\":\"linli2026\"}" "$1/api/sessions" |
        sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# query single|cluster SQL: the answer of that setup's database.
query() {
    if [[ $1 == single ]]; then
        sqlite3 "$work/single.db" "$2"
    else
        psql -Atq "$database_url" -c "$2"
    fi
}

# The database's size in bytes: SQLite's pages as a reader sees them (pages committed to
# the WAL included, not the length the WAL file keeps), PostgreSQL's files.
size_of() {
    if [[ $1 == single ]]; then
        query single "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    else
        query cluster "SELECT pg_database_size(current_database())"
    fi
}

# One setup's figures: sync_bench (1,000 notices pushed in batches and pulled back, the
# database filled to 10,000 notices, a new device's full pull), then wrk on a
# resident's up-to-date pull, what every open app asks every 30 s.
measure() {
    local name=$1 label=$2 base=$3
    local before after
    before=$(size_of "$name")
    target/release/examples/sync_bench "$base" >"$work/$name.bench"
    after=$(size_of "$name")
    local cursor token
    cursor=$(awk '$1 == "cursor:" { print $2 }' "$work/$name.bench")
    token=$(token_at "$base" 13800000004)
    local url="$base/api/sync/pull?protocol=1&since=$cursor&client_id=load"
    wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" "$url" >"$work/$name.wrk"
    local errors=0
    grep -q "Non-2xx\|Socket errors" "$work/$name.wrk" && errors=$(grep -E "Non-2xx|Socket errors" "$work/$name.wrk" | tr -s ' ')
    echo "== $label"
    sed 's/^/   /' "$work/$name.bench" | grep -v cursor
    printf '   up-to-date pull (wrk -t2 -c64 -d10s): %s requests/s, p50 %s, p99 %s, errors: %s\n' \
        "$(awk '$1 == "Requests/sec:" { print $2 }' "$work/$name.wrk")" \
        "$(awk '$1 == "50%" { print $2 }' "$work/$name.wrk")" \
        "$(awk '$1 == "99%" { print $2 }' "$work/$name.wrk")" "$errors"
    printf '   database: %d KiB with the demo data, +%d KiB for 10,000 notices and their records\n' \
        $((before / 1024)) $(((after - before) / 1024))
}

# One setup's run of tests/load/ into $work/NAME: the households made through
# SETUP_URL, then locust against URL; the database's size before, between and after, and
# its acknowledgements, cases and photos before and after the run, and how long after the
# urgent notice (the newest) its last acknowledgement came.
# run_households NAME URL SETUP_URL
run_households() {
    local name=$1 url=$2 setup_url=$3 out=$work/$1
    local stored="SELECT (SELECT COUNT(*) FROM notice_acks) || ' ' || (SELECT COUNT(*) FROM reports) || ' ' || (SELECT COUNT(*) FROM blobs)"
    mkdir "$out"
    size_of "$name" >"$out/sizes"
    .venv/bin/python tests/load/households.py "$setup_url" "$HOUSEHOLDS" "$out/households.json"
    size_of "$name" >>"$out/sizes"
    query "$name" "$stored" >"$out/stored"
    say "$name: $HOUSEHOLDS households for $MINUTES min against $url"
    # locust exits non-zero when a request failed: the table prints the failures.
    LINLI_HOUSEHOLDS_FILE="$out/households.json" LINLI_LOAD_MINUTES=$MINUTES \
        .venv/bin/locust -f tests/load/locustfile.py --headless --only-summary --host "$url" \
        --users $((HOUSEHOLDS + 1)) --spawn-rate 100 --run-time "${MINUTES}m" --stop-timeout 30 \
        --csv "$out/locust" >"$out/locust.log" 2>&1 || true
    [[ -f $out/locust_stats.csv ]] || {
        tail -20 "$out/locust.log"
        exit 1
    }
    size_of "$name" >>"$out/sizes"
    query "$name" "$stored" >>"$out/stored"
    query "$name" "SELECT COALESCE(MAX(a.acknowledged_at) - MIN(n.published_at), 0) / 1000
        FROM notice_acks a JOIN notices n ON n.id = a.notice_id
        WHERE n.published_at = (SELECT MAX(published_at) FROM notices)" >"$out/last_ack"
}

echo
if [[ $mode == load ]]; then
    measure single "1 instance, SQLite" "http://127.0.0.1:$SINGLE_PORT"
    measure cluster "$INSTANCES instances, PostgreSQL, HAProxy" "http://127.0.0.1:$PORT"
else
    run_households single "http://127.0.0.1:$SINGLE_PORT" "http://127.0.0.1:$SINGLE_PORT"
    # Registrations go straight to an instance: HAProxy would put its own address last in
    # X-Forwarded-For, and the load generator plays the proxy that tells the phones apart.
    run_households cluster "http://127.0.0.1:$PORT" "http://127.0.0.1:$FIRST_INSTANCE_PORT"
    echo "$HOUSEHOLDS households of one community, $MINUTES min each:"
    .venv/bin/python tests/load/table.py "1 instance, SQLite" "$work/single" \
        "$INSTANCES instances, PostgreSQL, HAProxy" "$work/cluster"
fi
echo "(one machine: the instances, PostgreSQL, HAProxy and the load share its $(nproc) cores)"
