#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for tests and the local cluster, on 127.0.0.1 only, its data in
# target/postgres (never anything that matters: tests create a fresh database each).
#
#   scripts/postgres.sh          start it unless it runs; prints its URL (quick when it runs)
#   scripts/postgres.sh stop     stop it
#   scripts/postgres.sh restart  stop and start again (the cluster fault test does this)
#   scripts/postgres.sh url      print the URL only
#
# Port: LINLI_PG_PORT (default 54329). initdb refuses to run as root, so as root the data
# directory belongs to the postgres user and the server runs as that user.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${LINLI_PG_PORT:-54329}
DATA=${LINLI_PG_DATA:-$ROOT/target/postgres}
URL="postgres://linli@127.0.0.1:$PORT/postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z $bin ]]; then
    echo "postgres.sh: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2
    exit 1
fi

as_owner() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() { as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
    if running; then
        return
    fi
    if [[ ! -f $DATA/PG_VERSION ]]; then
        mkdir -p "$DATA"
        [[ $(id -u) == 0 ]] && chown postgres: "$DATA"
        as_owner "$bin/initdb" -D "$DATA" -A trust -U linli --encoding=UTF8 --locale=C.UTF-8 >"$DATA.initdb.log"
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        echo "postgres.sh: port $PORT is taken by another server (another checkout's? stop it with" \
            "its scripts/postgres.sh stop, or choose LINLI_PG_PORT and LINLI_TEST_POSTGRES_URL)" >&2
        exit 1
    fi
    # Settings for a disposable test server: nothing here must survive a crash.
    as_owner "$bin/pg_ctl" -D "$DATA" -w -l "$DATA/log" -o "-p $PORT -k $DATA \
        -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB" start >/dev/null
}

stop() {
    if running; then
        as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    fi
}

case ${1:-start} in
    start) start; echo "$URL" ;;
    stop) stop ;;
    restart) stop; start; echo "$URL" ;;
    url) echo "$URL" ;;
    *) echo "usage: scripts/postgres.sh [start|stop|restart|url]" >&2; exit 2 ;;
esac
