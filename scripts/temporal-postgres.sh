#!/usr/bin/env bash
# A Temporal server on PostgreSQL, for `npm run bench:server -- --address 127.0.0.1:7233`:
# the server (the version the CLI's dev server embeds) built with `go install`, on a throwaway
# cluster of Debian's PostgreSQL (installed by `npm run setup`). State in .tools/temporal-postgres.
#   bash scripts/temporal-postgres.sh start    # build once, create the cluster and schema, start
#   bash scripts/temporal-postgres.sh stop
# Ports: PostgreSQL 5439; Temporal 7233-7239 and 6933-6939 (the server's development config).
set -euo pipefail

version=1.29.1
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/temporal-postgres"
pgport=5439
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
# PostgreSQL refuses to run as root: as root, its own user runs it.
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }

start() {
  [ -n "$pgbin" ] || { echo "Debian's PostgreSQL is missing: run npm run setup" >&2; exit 1; }
  if [ ! -x "$dir/bin/server" ] || [ ! -x "$dir/bin/sql" ]; then
    echo "building the Temporal server v$version (first time only)…"
    GOBIN="$dir/bin" CGO_ENABLED=0 go install "go.temporal.io/server/cmd/server@v$version" "go.temporal.io/server/cmd/tools/sql@v$version"
  fi
  local src
  src="$(go env GOMODCACHE)/go.temporal.io/server@v$version"

  if [ ! -d "$dir/pg/data" ]; then
    mkdir -p "$dir/pg"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pg"
    as_pg "'$pgbin/initdb' -D '$dir/pg/data' -U postgres --auth=trust >/dev/null"
    fresh=1
  fi
  as_pg "'$pgbin/pg_ctl' -D '$dir/pg/data' -l '$dir/pg/log' -w -o \"-p $pgport -k '$dir/pg' -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null"

  if [ "${fresh:-0}" = 1 ]; then
    local sql=("$dir/bin/sql" --plugin postgres12 --ep 127.0.0.1 -p "$pgport" -u postgres)
    for db in temporal:temporal temporal_visibility:visibility; do
      "${sql[@]}" --db "${db%%:*}" create-database >/dev/null 2>&1
      "${sql[@]}" --db "${db%%:*}" setup-schema -v 0.0 >/dev/null 2>&1
      "${sql[@]}" --db "${db%%:*}" update-schema -d "$src/schema/postgresql/v12/${db##*:}/versioned" >/dev/null 2>&1
    done
  fi

  mkdir -p "$dir/config/dynamicconfig"
  sed -e "s/5432/$pgport/g" -e 's/user: "temporal"/user: "postgres"/' -e 's/password: "temporal"/password: ""/' \
    "$src/config/development-postgres12.yaml" >"$dir/config/development-postgres12.yaml"
  cp "$src/config/dynamicconfig/development-sql.yaml" "$dir/config/dynamicconfig/"
  chmod -R u+w "$dir/config"

  (cd "$dir" && nohup ./bin/server --root "$dir" --config config --env development-postgres12 --allow-no-auth start >"$dir/server.log" 2>&1 & echo $! >"$dir/server.pid")
  for _ in $(seq 60); do
    "$root/.tools/bin/temporal" operator cluster health --address 127.0.0.1:7233 >/dev/null 2>&1 && break
    sleep 1
  done
  "$root/.tools/bin/temporal" operator namespace describe --namespace default --address 127.0.0.1:7233 >/dev/null 2>&1 ||
    "$root/.tools/bin/temporal" operator namespace create --namespace default --address 127.0.0.1:7233 >/dev/null
  # A new namespace reaches every service of the server within seconds.
  for _ in $(seq 30); do
    "$root/.tools/bin/temporal" workflow count --namespace default --address 127.0.0.1:7233 >/dev/null 2>&1 && break
    sleep 1
  done
  echo "Temporal on PostgreSQL is serving at 127.0.0.1:7233 (log: $dir/server.log)"
}

stop() {
  [ -f "$dir/server.pid" ] && kill "$(cat "$dir/server.pid")" 2>/dev/null || true
  rm -f "$dir/server.pid"
  [ -d "$dir/pg/data" ] && as_pg "'$pgbin/pg_ctl' -D '$dir/pg/data' -m fast stop >/dev/null" || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: bash scripts/temporal-postgres.sh start|stop" >&2; exit 2 ;;
esac
