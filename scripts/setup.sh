#!/usr/bin/env bash
# Installs everything the project needs that a fresh machine lacks. Idempotent, and quick
# when everything is present: each tool is checked first and installed only when missing.
#
#   scripts/setup.sh        everything to build and test
#   scripts/setup.sh run    only what building and running the app needs
#   scripts/setup.sh bench  everything, plus the load tools of scripts/bench.sh and
#                           scripts/cluster.sh (wrk, locust) and its load balancer
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14 # 0.22 needs a newer rustc than this machine's
# The splitter that cuts the app's wasm into parts loaded on demand (scripts/split-wasm.mjs);
# the version that reads what wasm_split_helpers (in Cargo.lock, through leptos) writes.
WASM_SPLIT_VERSION=0.2.4
# The generated attack suite of scripts/api-fuzz.sh, in the project's own .venv.
SCHEMATHESIS_VERSION=4.32.5
# The load generator of `scripts/cluster.sh households`, in the same .venv.
LOCUST_VERSION=2.47.0
# The wasm-bindgen CLI must match the library exactly; Cargo.lock is the source of truth.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { echo "setup: $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
        rustup component add "$component"
    fi
done

if [[ $(trunk --version 2>/dev/null) != "trunk $TRUNK_VERSION" ]]; then
    say "installing trunk $TRUNK_VERSION (several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [[ $(wasm-bindgen --version 2>/dev/null) != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Not --locked: its lock file asks for a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The splitter has no --version; cargo's list of installed tools says which one is there.
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Debian packages. brotli precompresses the build; the rest is for tests: Debian's
# Chromium (test tools cannot download their own browser here), CJK fonts so screenshots
# show Chinese, PostgreSQL, which every server test also runs against
# (scripts/postgres.sh starts a throw-away one), sqlite3 for the backup test, and curl,
# which talks to the server in scripts/api-fuzz.sh.
packages=(brotli)
if [[ ${1:-} != run ]]; then
    packages+=(chromium chromium-driver fonts-noto-cjk postgresql sqlite3 curl)
fi
if [[ ${1:-} == bench ]]; then
    packages+=(curl wrk haproxy)
fi
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm: binaryen's wasm-opt (Debian's is too old for our wasm), playwright-core, axe-core and
# lighthouse.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
fi

# Python tools in a venv of the project (ignored by git), never the system's Python.
venv_install() { # PACKAGE VERSION
    say "installing $1 $2 (a minute, once)"
    [[ -x .venv/bin/pip ]] || python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "$1==$2"
}
if [[ ${1:-} != run ]] && [[ $(.venv/bin/schemathesis --version 2>/dev/null) != "schemathesis, version $SCHEMATHESIS_VERSION" ]]; then
    venv_install schemathesis "$SCHEMATHESIS_VERSION"
fi
if [[ ${1:-} == bench ]] && [[ $(.venv/bin/locust --version 2>/dev/null) != "locust $LOCUST_VERSION "* ]]; then
    venv_install locust "$LOCUST_VERSION"
fi
