#!/usr/bin/env bash
# Release build of the 邻里 web app into dist/: Trunk build, precompression, size budget.
# Assumes the tools are installed (scripts/setup.sh does that); installs nothing itself.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Trunk takes wasm-opt and wasm-bindgen from PATH (Trunk.toml pins no versions). npm's
# binaryen (wasm-opt 132) must shadow any Debian wasm-opt, which is broken for our builds.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

for tool in trunk wasm-bindgen wasm-split-cli node brotli gzip; do
    if ! command -v "$tool" >/dev/null; then
        echo "build: $tool not found; run scripts/setup.sh" >&2
        exit 1
    fi
done
if [[ $(command -v wasm-opt || true) != "$ROOT/node_modules/.bin/wasm-opt" ]]; then
    echo "build: wasm-opt must come from node_modules (npm binaryen); run scripts/setup.sh" >&2
    exit 1
fi

# --offline: never let Trunk or Cargo download anything during a build.
trunk build --release --offline

# The server serves these .br/.gz siblings to clients that accept them. Images are skipped:
# PNGs are already compressed.
find dist -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \
    -o -name '*.webmanifest' -o -name '*.svg' -o -name '*.json' \) -print0 |
    while IFS= read -r -d '' file; do
        brotli -f -k -q 11 "$file"
        gzip -f -k -9 "$file"
    done

scripts/size-check.sh dist
