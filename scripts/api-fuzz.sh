#!/usr/bin/env bash
# Attacks the API with requests generated from its own description (schemathesis over
# GET /api/openapi.json): the release server on a fresh database with the demo data, once
# with a staff account's token and once with a resident's, over every operation (and the
# street office's with its admin's). Fails on
# any 5xx answer, any answer that breaks the schema or the status codes and content types
# its operation describes, or a server that stops answering. Prints the operations
# covered, the requests sent and how many were answered 5xx.
#
#   scripts/api-fuzz.sh                          short run (scripts/test.sh runs it)
#   LINLI_FUZZ_EXAMPLES=200 LINLI_FUZZ_SECONDS=1800 scripts/api-fuzz.sh   long run
#
# LINLI_FUZZ_EXAMPLES: test cases per operation and phase (default 6);
# LINLI_FUZZ_SECONDS: the time budget of the staff pass; the others take less (default 40);
# LINLI_FUZZ_SEED: a seed to replay a run;
# LINLI_FUZZ_PROFILE: `release` (default) or `dev`, the build of the server to attack
# (scripts/test.sh attacks the dev build its end-to-end tests built, sparing a release
# build; the code is the same).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

EXAMPLES=${LINLI_FUZZ_EXAMPLES:-6}
SECONDS_PER_PASS=${LINLI_FUZZ_SECONDS:-40}
SEED=${LINLI_FUZZ_SEED:-$RANDOM}
ADMIN_PHONE=13800000001    # 赵主任, the demo community's admin
RESIDENT_PHONE=13800000004 # 王秀兰, a resident
STREET_PHONE=13800000007   # 吴卫东, the street office's admin
DEMO_PASSWORD=linli2026

say() { echo "api-fuzz: $*"; }

[[ -x .venv/bin/schemathesis ]] || scripts/setup.sh
case ${LINLI_FUZZ_PROFILE:-release} in
release) cargo build --release -p linli-server && server=target/release/linli-server ;;
dev) cargo build -p linli-server && server=target/debug/linli-server ;;
*) say "LINLI_FUZZ_PROFILE is release or dev" && exit 2 ;;
esac

# The database and the server's log are thrown away; the reports stay for a look.
work=$(mktemp -d)
reports=$ROOT/target/api-fuzz
rm -rf "$reports" && mkdir -p "$reports"
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    cp "$work/server.log" "$reports/" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
RUST_LOG=warn "$server" --demo-data --dist "$ROOT/dist" \
    --database-url "sqlite://$work/linli.db" --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
    curl -sf "$base/api/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.2
done

token() {
    curl -sf "$base/api/sessions" -H 'Content-Type: application/json' \
        -d "{\"phone\": \"$1\", \"password\": \"$DEMO_PASSWORD\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
# Every token before any generated request: generated log-ins soon meet the per-address
# limit of this one client.
admin_token=$(token $ADMIN_PHONE)
resident_token=$(token $RESIDENT_PHONE)
street_token=$(token $STREET_PHONE)
# Read from a file, so schemathesis tests the description's own route like any other.
curl -sf "$base/api/openapi.json" -o "$reports/openapi.json"

# One pass of schemathesis as the holder of `token` for `seconds`; what it sent is counted
# in `target/api-fuzz/$name.json` (scripts/api-fuzz-hooks.py).
pass() {
    local name=$1 token=$2 seconds=$3
    shift 3
    say "$name: up to $EXAMPLES cases per operation and phase, ${seconds}s, seed $SEED"
    SCHEMATHESIS_HOOKS=scripts/api-fuzz-hooks.py LINLI_FUZZ_COUNTS="$reports/$name.json" \
        .venv/bin/schemathesis run "$reports/openapi.json" --url "$base" \
        --header "Authorization: Bearer $token" \
        --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
        --max-examples "$EXAMPLES" --max-time "$seconds" --seed "$SEED" \
        --workers 1 --request-timeout 30 --no-color --suppress-health-check all \
        --generation-database none --warnings off "$@"
}

status=0
# Every operation as staff and as a resident; the street office's as its admin. The
# token's own log-out would leave the rest of a pass without an account: it goes last.
logout=sessions_delete
pass staff "$admin_token" "$SECONDS_PER_PASS" --exclude-operation-id $logout || status=1
pass resident "$resident_token" "$((SECONDS_PER_PASS * 2 / 3))" --exclude-operation-id $logout || status=1
pass street "$street_token" "$((SECONDS_PER_PASS / 4))" --include-tag street || status=1
pass logout "$resident_token" 2 --include-operation-id $logout || status=1
curl -sf "$base/api/health" >/dev/null || { say "the server no longer answers"; status=1; }

if python3 - "$reports" <<'EOF'
import json, pathlib, sys

reports = pathlib.Path(sys.argv[1])
paths = json.loads((reports / "openapi.json").read_text())["paths"]
described = {f"{method.upper()} {path}" for path, item in paths.items() for method in item}
requests = server_errors = 0
covered = set()
for counts in reports.glob("*.json"):
    if counts.name != "openapi.json":
        counts = json.loads(counts.read_text())
        requests += counts["requests"]
        server_errors += counts["server_errors"]
        covered.update(counts["operations"])
missed = sorted(described - covered)
print(f"api-fuzz: operations covered {len(described & covered)}/{len(described)}, "
      f"requests {requests}, 5xx answers {server_errors}")
if missed:
    print(f"api-fuzz: not covered: {', '.join(missed)}")
sys.exit(1 if server_errors or missed else 0)
EOF
then :; else status=1; fi
[[ $status == 0 ]] || { say "failures above (server log: see below)"; tail -50 "$work/server.log"; }
exit $status
