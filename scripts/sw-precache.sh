#!/bin/sh
# Trunk post_build step (scripts/post-build.sh), after the wasm is split: fills in the
# service worker's precache list and version in the staged build, before Trunk moves it to
# dist/.
#
# Every file in the build except sw.js itself (and any precompressed .br/.gz sibling) is
# precached, as a root-relative URL. VERSION is a hash of the list and of the files' contents,
# so any change to the build yields a byte-different sw.js, which the browser installs as a
# new worker with a new cache.
#
# Usage: TRUNK_STAGING_DIR=dir sh scripts/sw-precache.sh   (Trunk sets the variable)
#    or: sh scripts/sw-precache.sh dir                     (manual runs, tests)
set -eu

staging=${1:-${TRUNK_STAGING_DIR:-}}
if [ -z "$staging" ] || [ ! -d "$staging" ]; then
    echo "sw-precache: no staging dir (set TRUNK_STAGING_DIR or pass it as an argument)" >&2
    exit 1
fi
cd "$staging"

if [ ! -f sw.js ]; then
    echo "sw-precache: $staging/sw.js not found" >&2
    exit 1
fi
# Fail loudly rather than ship a worker that precaches nothing.
if ! grep -q '\[/\*__PRECACHE__\*/\]' sw.js || ! grep -q "'__VERSION__'" sw.js; then
    echo "sw-precache: placeholders not found in sw.js" >&2
    exit 1
fi

# Root-relative paths, sorted bytewise so the list and the hash are reproducible.
# Hidden files and dirs are skipped: Trunk never emits them as part of the app.
paths=$(find . -type f ! -name sw.js ! -name '*.br' ! -name '*.gz' ! -path '*/.*' -print \
    | sed 's|^\./|/|' | LC_ALL=C sort)
if [ -z "$paths" ]; then
    echo "sw-precache: nothing to precache in $staging" >&2
    exit 1
fi

# Trunk's file names are plain ASCII. Insisting on URL-safe characters means each path is
# already a valid URL, a valid JSON string and safe in the sed replacement below.
bad=$(printf '%s\n' "$paths" | LC_ALL=C grep -v '^/[A-Za-z0-9._~/-]*$' || true)
if [ -n "$bad" ]; then
    echo "sw-precache: file names need URL-encoding, refusing to guess:" >&2
    printf '  %s\n' "$bad" >&2
    exit 1
fi

json=$(printf '%s\n' "$paths" | sed 's/.*/"&"/' | paste -sd, -)
json="[$json]"

# The list is hashed along with the contents so that a rename alone also changes VERSION.
version=$(
    {
        printf '%s\n' "$paths"
        printf '%s\n' "$paths" | while IFS= read -r path; do cat ".$path"; done
    } | sha256sum | cut -c1-16
)

# Write to a temp file first: a half-written sw.js must never reach dist/.
tmp=sw.js.tmp.$$
trap 'rm -f "$tmp"' EXIT
sed -e "s|\[/\*__PRECACHE__\*/\]|$json|" -e "s|'__VERSION__'|'$version'|" sw.js >"$tmp"
mv "$tmp" sw.js

count=$(printf '%s\n' "$paths" | wc -l | tr -d ' ')
echo "sw-precache: $count files, version $version"
