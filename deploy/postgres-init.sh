#!/bin/sh
# Creates the plansyklus database for the worker's sent-log, owned by a role of its own with no
# rights on Temporal's tables. The postgres image runs this once, when its volume is empty.
# No `set -u`: the image sources this file into its own entrypoint when it is not executable.
set -e
: "${SENT_LOG_PASSWORD:?SENT_LOG_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$SENT_LOG_PASSWORD" <<'SQL'
CREATE ROLE plansyklus LOGIN PASSWORD :'password';
CREATE DATABASE plansyklus OWNER plansyklus;
REVOKE ALL ON DATABASE plansyklus FROM PUBLIC;
SQL
