#!/usr/bin/env bash
# Builds everything and starts 邻里 on http://127.0.0.1:8080 with its embedded SQLite
# database (data/linli.db) and demo data.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

scripts/setup.sh run
scripts/build.sh
cargo build --release -p linli-server
exec target/release/linli-server --demo-data --dist dist \
    --database-url "${LINLI_DATABASE_URL:-sqlite://data/linli.db}" \
    --bind "${LINLI_BIND:-127.0.0.1:8080}"
