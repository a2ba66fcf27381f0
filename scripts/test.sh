#!/usr/bin/env bash
# Every test of the project: formatting and lints, core and server tests against real
# SQLite databases, browser tests of the platform layer in headless Chromium, the release
# build with its size budget, end-to-end tests of the release build served by the
# real server, and a short run of the generated attack suite (scripts/api-fuzz.sh).
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

step "core and server tests"
cargo test -p linli-core -p linli-server

step "browser tests of the platform layer (headless Chromium)"
cargo test -p linli --target wasm32-unknown-unknown

step "release build and size budget"
scripts/build.sh

step "end-to-end tests (release build, real server, headless Chromium)"
cargo build -p linli-server
node --test --test-concurrency=1 tests/e2e/

step "generated attack suite (schemathesis over the API description, about 90 s)"
LINLI_FUZZ_PROFILE=dev scripts/api-fuzz.sh
