#!/bin/sh
# Trunk post_build hook (see Trunk.toml). Trunk runs the hooks of a stage at the same time, so
# the steps that must follow each other are one hook: the wasm is split first, then the
# service worker's precache list and version are computed over the final files.
set -eu
node scripts/split-wasm.mjs
sh scripts/sw-precache.sh
