#!/usr/bin/env bash
# Prints raw, gzip and brotli sizes of the app's wasm and JS in DIST, and fails if what the
# first visit downloads is over budget in brotli (what a phone on a weak signal fetches before
# it shows anything): the files index.html loads and the JS modules they import. The parts
# loaded when one of their pages first opens (scripts/split-wasm.mjs) are listed and summed
# apart, without a budget.
#
# Usage: scripts/size-check.sh DIST
# Budget: LINLI_SIZE_BUDGET_KIB (KiB of brotli for the first visit's wasm+js), default 319.
# History: the shell alone was 184 KiB; with sync, notices and the directory 347 KiB;
# volunteering, 居民说事, 长辈版 and the safe update took the single bundle to 484 KiB. Split
# into parts (src/parts.rs), with the optimistic rules of volunteering and 居民说事
# coming with their parts, the first visit is the main module (sync, the notice list, the
# directory and the app's frame): 285 KiB. With the directory in a part too it was 277 KiB,
# but its page then waited for two dozen shared chunks. One registry of every feature and
# its rules, read at run time for the device's stores, took every rule back into the first
# visit (318 KiB); worked out at compile time, the list of collections no longer does: 292 KiB.
# Drawing the first screen from kept rows, reading the rest in slices, keyed lists and
# gzipped pushes took it to 306 KiB; community administration's banners (waiting to be
# confirmed, logged out with the server's reason) and outbox entries bound to their account
# to 310 KiB. 一户一表 and 走访 in a part of their own (its loader and split stub, three
# collections, one link under 我的) took it to 311.7 KiB; 议事协商's routes and the 长辈版
# first screen's tile when a vote waits (read from each topic row's JSON, no topic
# parser) to 313.8 KiB. The welfare check an urgent notice may ask for (one field of the
# notice and its choice on the form) and the tile counting votes still on the phone took it
# to 314.7 KiB; 互助 in a part of its own (its loader and split stub, two collections, three
# routes) to 315.6 KiB; 报名 in a part of its own (four routes, three collections, its box
# under notices and directory items drawn by the part itself) to 317.1 KiB; a tab keeping
# its own writes newer than a reloaded snapshot (the sync driver) to 318.4 KiB.
set -euo pipefail

dist=${1:?usage: size-check.sh DIST}
dist=${dist%/} # so "dist/" and "dist" print the same names
budget_kib=${LINLI_SIZE_BUDGET_KIB:-319}

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

# The first visit: what index.html references (preloads and scripts), and the JS modules those
# import, transitively.
first=()
queue=$(grep -o '\(href\|src\)="/[^"]*\.\(js\|wasm\)"' "$dist/index.html" | sed 's|^[a-z]*="/||; s|"$||' | LC_ALL=C sort -u)
while [[ -n $queue ]]; do
    name=${queue%%$'\n'*}
    [[ $queue == *$'\n'* ]] && queue=${queue#*$'\n'} || queue=
    [[ " ${first[*]} " == *" $name "* ]] && continue
    if [[ ! -f $dist/$name ]]; then
        echo "size-check: index.html loads $name, which is not in $dist" >&2
        exit 1
    fi
    first+=("$name")
    if [[ $name == *.js ]]; then
        imported=$(grep -o 'from "\./[^"]*\.js"' "$dist/$name" | sed 's|^from "\./||; s|"$||' | LC_ALL=C sort -u || true)
        [[ -n $imported ]] && queue+=${queue:+$'\n'}$imported
    fi
done
if ((${#first[@]} == 0)); then
    echo "size-check: index.html loads no .js or .wasm (did the build run?)" >&2
    exit 1
fi

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# Name column as wide as the longest name, so the table lines up.
width=16 # "parts, on demand"
for f in "${files[@]}"; do
    name=${f#"$dist"/}
    if ((${#name} > width)); then width=${#name}; fi
done

row() {
    printf 'size: %-*s raw %7s KiB gzip %7s KiB brotli %7s KiB %s\n' \
        "$width" "$1" "$(kib "$2")" "$(kib "$3")" "$(kib "$4")" "${5:-}"
}

# Totals per kind: [first] is the first visit, [part] what comes on demand.
declare -A sum=([first_raw]=0 [first_gz]=0 [first_br]=0 [part_raw]=0 [part_gz]=0 [part_br]=0)
for f in "${files[@]}"; do
    name=${f#"$dist"/}
    kind=part
    [[ " ${first[*]} " == *" $name "* ]] && kind=first
    # Compress afresh rather than trust existing .br/.gz files, which may be stale or absent.
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    row "$name" "$raw" "$gz" "$br" "[$kind]"
    sum[${kind}_raw]=$((sum[${kind}_raw] + raw))
    sum[${kind}_gz]=$((sum[${kind}_gz] + gz))
    sum[${kind}_br]=$((sum[${kind}_br] + br))
done
row "parts, on demand" "${sum[part_raw]}" "${sum[part_gz]}" "${sum[part_br]}"
row "first visit" "${sum[first_raw]}" "${sum[first_gz]}" "${sum[first_br]}"

first_br=${sum[first_br]}
if awk -v b="$first_br" -v limit="$budget_kib" 'BEGIN { exit !(b <= limit * 1024) }'; then
    echo "size budget: first visit $(kib "$first_br") KiB of $budget_kib KiB brotli (wasm+js) — ok"
else
    echo "size budget: first visit $(kib "$first_br") KiB of $budget_kib KiB brotli (wasm+js) — OVER BUDGET" >&2
    echo "size-check: the first visit's wasm+js is over budget; shrink it, or raise LINLI_SIZE_BUDGET_KIB deliberately" >&2
    exit 1
fi
