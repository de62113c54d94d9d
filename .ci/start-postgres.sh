#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback for the contract and concurrency tests and prints the
# DATABASE_URL to use. Needs Debian's `postgresql` package (installed by .ci/run).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=${PGDATA_DIR:-/tmp/precatorios-pg}
PGPORT=${PGPORT:-54329}
if ! "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres --no-sync" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -o '-h 127.0.0.1 -p $PGPORT -c max_connections=200' start" >/dev/null
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "create database precatorios" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/precatorios"
