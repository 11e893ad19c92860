#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with pg_stat_statements loaded, for bench/cancel.ts's
# per-statement figures (the shared server does not load it, and loading it needs a restart).
# Same memory, WAL and durability settings as the shared server; listens on loopback only.
#
#   bash bench/statement-cluster.sh start    # prints the TEST_DATABASE_URL to use
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5433/test npx tsx bench/cancel.ts
#   bash bench/statement-cluster.sh stop
set -euo pipefail
PORT="${STATEMENT_CLUSTER_PORT:-5433}"
DIR="${STATEMENT_CLUSTER_DIR:-/tmp/btp-statement-cluster}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_postgres "$BIN/initdb" -D "$DIR" -U postgres --auth=trust >/dev/null
      cat >>"$DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
shared_buffers = 128MB
max_connections = 100
max_wal_size = 1GB
synchronous_commit = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.track_planning = on
pg_stat_statements.max = 2000
CONF
    fi
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start >/dev/null
    as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc \
      "SELECT 1 FROM pg_database WHERE datname = 'test'" -At | grep -q 1 ||
      as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres test
    echo "postgres://postgres@127.0.0.1:$PORT/test"
    ;;
  stop)
    as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
