#!/usr/bin/env bash
# Restore a dump of deploy/backup.sh into an EMPTY database (create it first with createdb):
#   DATABASE_URL=postgresql://vangnet@localhost/vangnet_restored deploy/restore.sh /var/backups/vangnet/vangnet-….dump
# Then point the app's DATABASE_URL at it and run `flask --app wsgi db upgrade` (a no-op when current).
set -euo pipefail
dump="${1:?usage: restore.sh DUMPFILE}"
: "${DATABASE_URL:?set DATABASE_URL}"
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"
# A dump holds no planner statistics: make them now, or the first queries read whole tables.
psql "$DATABASE_URL" -qc ANALYZE
