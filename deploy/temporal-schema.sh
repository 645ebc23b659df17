#!/bin/sh
# Creates or upgrades Temporal's two databases (temporal, temporal_visibility) to the schema of
# this admin-tools version. Safe to run on every start: existing databases are kept and only
# newer schema versions are applied, so bumping the Temporal version upgrades the schema.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
port=${DB_PORT:-5432}
schema=/etc/temporal/schema/postgresql/v12

tries=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "PostgreSQL at $POSTGRES_SEEDS:$port did not answer" >&2; exit 1; }
  sleep 2
done

sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"; }
for db in temporal:temporal temporal_visibility:visibility; do
  name=${db%%:*}
  dir=${db#*:}
  sql --db "$name" create
  sql --db "$name" setup-schema -v 0.0
  sql --db "$name" update-schema -d "$schema/$dir/versioned"
done
echo "Temporal schema is up to date"
