#!/usr/bin/env bash
# Sync performance of the release server: starts it on a free port with a fresh database
# and demo data, runs crates/server/examples/sync_bench.rs against it (pushing and pulling
# through the device's Replica), then loads an up-to-date pull (nothing new) with wrk.
# Prints figures only: not a test, and not part of scripts/test.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "bench: $*"; }

scripts/setup.sh bench
cargo build --release -p linli-server --example sync_bench --bin linli-server

work=$(mktemp -d)
# Port 0: the system picks a free one, and the server logs the address it got.
NO_COLOR=1 target/release/linli-server --bind 127.0.0.1:0 --database-url "sqlite://$work/linli.db" \
    --dist "$work" --demo-data >"$work/server.log" 2>&1 &
server=$!
stop_server() {
    kill -INT "$server" 2>/dev/null && wait "$server" || true
    rm -rf "$work"
}
trap stop_server EXIT

base=
for _ in $(seq 300); do
    base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/server.log")
    [[ -z $base ]] || break
    if ! kill -0 "$server" 2>/dev/null; then
        say "the server exited:"
        cat "$work/server.log"
        exit 1
    fi
    sleep 0.1
done
if [[ -z $base ]]; then
    say "the server did not start within 30 s:"
    cat "$work/server.log"
    exit 1
fi
say "server at $base"

target/release/examples/sync_bench "$base" | tee "$work/bench.out"
cursor=$(awk '$1 == "cursor:" { print $2 }' "$work/bench.out")
if [[ -z $cursor ]]; then
    say "sync_bench printed no cursor"
    exit 1
fi

# A resident's up-to-date pull: what every open app asks for when nothing has changed.
token=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"phone\":\"13800000004\",\"password\":\"linli2026\"}" "$base/api/sessions" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
url="$base/api/sync/pull?protocol=1&since=$cursor&client_id=bench"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url"
wrk -t2 -c16 -d10s -H "Authorization: Bearer $token" "$url" >"$work/wrk.out"
if grep -q "Non-2xx" "$work/wrk.out"; then
    say "wrk got error answers:"
    cat "$work/wrk.out"
    exit 1
fi
latency=$(awk '$1 == "Latency" { print $2 }' "$work/wrk.out")
rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$work/wrk.out")
echo "up-to-date pull (wrk -t2 -c16 -d10s): $rps requests/s, mean latency $latency"

# Directory search per keystroke, natively.
cargo run --release -q -p linli-server --example search_bench | tail -1

# What a phone notices: pull into IndexedDB, offline cold start, search per keystroke,
# in headless Chromium with the CPU slowed 4×, against the release build and server.
scripts/build.sh >/dev/null
LINLI_SERVER_BIN=target/release/linli-server node tests/bench/browser.bench.mjs

# Lighthouse, mobile settings, on a first visit to the main pages.
LINLI_SERVER_BIN=target/release/linli-server node tests/bench/lighthouse.bench.mjs
