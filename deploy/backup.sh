#!/usr/bin/env bash
# Back up Vangnet's database: one compressed pg_dump per run, the newest KEEP_DAYS days kept.
#   DATABASE_URL=postgresql://vangnet@localhost/vangnet deploy/backup.sh /var/backups/vangnet
# Run it daily from deploy/vangnet-backup.timer. Restore with deploy/restore.sh.
set -euo pipefail
target="${1:?usage: backup.sh DIRECTORY}"
: "${DATABASE_URL:?set DATABASE_URL}"
keep_days="${KEEP_DAYS:-14}"
mkdir -p "$target"
chmod 700 "$target"  # the dump holds residents' answers
file="$target/vangnet-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"  # only a finished dump has the final name
find "$target" -name 'vangnet-*.dump' -mtime +"$keep_days" -delete
echo "$file"
