#!/usr/bin/env bash
# Prints raw, gzip and brotli sizes of the app's wasm and JS in DIST, and fails if their total
# brotli size is over budget (what a phone on a weak signal actually downloads).
#
# Usage: scripts/size-check.sh DIST
# Budget: LINLI_SIZE_BUDGET_KIB (KiB of brotli for wasm+js), default 490.
# The target is 300 KiB. The shell alone was 184 KiB; with sync, notices and the
# directory the app was 347 KiB, and volunteering added 82 KiB of views, of which
# erased component types (.cargo/config.toml) won back 43. 居民说事 (its forms, photo
# shrinking, staff tools) and 长辈版 took it to 479 KiB; the safe update, the install
# hint and the in-app-browser notes to 484. The check sits just above that, so that
# any growth is a decision, until the routes are split into bundles loaded on demand
# (staff screens and volunteering are not needed on a first visit).
set -euo pipefail

dist=${1:?usage: size-check.sh DIST}
dist=${dist%/} # so "dist/" and "dist" print the same names
budget_kib=${LINLI_SIZE_BUDGET_KIB:-490}

if [[ ! -d $dist ]]; then
    echo "size-check: $dist is not a directory" >&2
    exit 1
fi
if [[ ! $budget_kib =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "size-check: LINLI_SIZE_BUDGET_KIB must be a number of KiB, got '$budget_kib'" >&2
    exit 1
fi

# The app's code only: sw.js is not part of page load, and .br/.gz siblings don't match.
mapfile -d '' files < <(
    find "$dist" -type f \( -name '*.wasm' -o -name '*.js' \) ! -name sw.js -print0 |
        LC_ALL=C sort -z
)
if ((${#files[@]} == 0)); then
    echo "size-check: no .wasm or .js files in $dist (did the build run?)" >&2
    exit 1
fi

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# Name column as wide as the longest name, so the table lines up.
width=5
for f in "${files[@]}"; do
    name=${f#"$dist"/}
    if ((${#name} > width)); then width=${#name}; fi
done

row() {
    printf 'size: %-*s raw %7s KiB gzip %7s KiB brotli %7s KiB\n' \
        "$width" "$1" "$(kib "$2")" "$(kib "$3")" "$(kib "$4")"
}

total_raw=0 total_gz=0 total_br=0
for f in "${files[@]}"; do
    # Compress afresh rather than trust existing .br/.gz files, which may be stale or absent.
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    row "${f#"$dist"/}" "$raw" "$gz" "$br"
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    total_br=$((total_br + br))
done
row total "$total_raw" "$total_gz" "$total_br"

if awk -v b="$total_br" -v limit="$budget_kib" 'BEGIN { exit !(b <= limit * 1024) }'; then
    echo "size budget: $(kib "$total_br") KiB of $budget_kib KiB brotli (wasm+js) — ok"
else
    echo "size budget: $(kib "$total_br") KiB of $budget_kib KiB brotli (wasm+js) — OVER BUDGET" >&2
    echo "size-check: the app's wasm+js is over budget; shrink it, or raise LINLI_SIZE_BUDGET_KIB deliberately" >&2
    exit 1
fi
