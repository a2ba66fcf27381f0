#!/usr/bin/env bash
# Every test of the project: formatting and lints, core and server tests against real
# SQLite and PostgreSQL databases (the whole server suite on each), browser tests of the
# platform layer in headless Chromium, the release build with its size budget, end-to-end
# tests of the release build served by the real server, and a short run of the generated
# attack suite (scripts/api-fuzz.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { echo; echo "==> $*"; }

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy -p linli-core -p linli-server --all-targets -- -D warnings
cargo clippy -p linli --target wasm32-unknown-unknown --all-targets -- -D warnings

step "core and server tests (SQLite and PostgreSQL side by side)"
# The tests reach the server it starts, on LINLI_PG_PORT when that is set.
LINLI_TEST_POSTGRES_URL=${LINLI_TEST_POSTGRES_URL:-$(scripts/postgres.sh)}
export LINLI_TEST_POSTGRES_URL
# The throw-away server goes with the run: a later run, from another checkout too, finds
# its port free.
trap 'scripts/postgres.sh stop' EXIT
cargo test -p linli-core -p linli-server --no-run
# The two backends' runs share the build and run at once: the PostgreSQL run waits on
# the database server much of the time. Each test makes a database of its own (and
# removes those left by test processes that have ended: tests/common/mod.rs).
cargo test -q -p linli-core -p linli-server >target/test-sqlite.log 2>&1 &
sqlite_run=$!
# On PostgreSQL the fault test runs at full scale (50 devices × 200 writes through three
# instances): the smaller run of the SQLite lane misses faults that need more traffic.
LINLI_FAULT_SCALE=full LINLI_TEST_DATABASE=postgres cargo test -q -p linli-server --tests \
    >target/test-postgres.log 2>&1 &
postgres_run=$!
failed=()
wait $sqlite_run || failed+=(sqlite)
wait $postgres_run || failed+=(postgres)
for backend in sqlite postgres; do
    echo "-- $backend"
    grep -E "^test result|FAILED|panicked" "target/test-$backend.log" || true
done
if ((${#failed[@]})); then
    for backend in "${failed[@]}"; do
        echo "-- the end of target/test-$backend.log"
        tail -n 40 "target/test-$backend.log"
    done
    echo "server tests failed on: ${failed[*]} (see target/test-<backend>.log)" >&2
    exit 1
fi

step "browser tests of the platform layer (headless Chromium)"
cargo test -p linli --target wasm32-unknown-unknown

step "release build and size budget"
scripts/build.sh

step "end-to-end tests (release build, real server, headless Chromium)"
cargo build -p linli-server
node --test --test-concurrency=1 tests/e2e/

step "generated attack suite (schemathesis over the API description, about 90 s)"
LINLI_FUZZ_PROFILE=dev scripts/api-fuzz.sh
