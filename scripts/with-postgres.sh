#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on loopback, exported as PSOAS_TEST_PG_URL.
# The cluster lives in a temporary directory and is stopped and removed when the command ends.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server found; run 'make system-deps'" >&2
  exit 1
fi
PGTMP=$(mktemp -d)
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
RUN=""
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGTMP"
  RUN="runuser -u postgres --"
fi
cleanup() {
  $RUN "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT
$RUN "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
$RUN "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off" start >/dev/null
export PSOAS_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
set +e
"$@"
status=$?
set -e
exit $status
