#!/usr/bin/env bash
# Nightly database backup (cron 02:00 EAT). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: backup-db.sh [--help]

Dumps the Tafuta database with pg_dump in PostgreSQL's compressed custom format (-Fc -Z 6) to
  $BACKUP_ROOT/<YYYY-MM-DD>/db.dump
(written under a temporary name in $BACKUP_ROOT, flushed, then renamed into the day folder, which is
created only then: a failed dump leaves no new day folder), and records the file's size and SHA-256 in that
day's MANIFEST.sha256 and manifest.json, together with the exact row count of every table. The counts are
taken in the very snapshot pg_dump exports, so they describe the dump exactly even while the app writes.
A run on a day that already has a dump replaces it.

Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, the app's .env, then the defaults in
backup.env.example next to this script):
  DATABASE_URL         database to dump (default: DATABASE_URL in APP_ENV_FILE)
  APP_ENV_FILE         the app's .env (/var/www/tafuta/backend/.env)
  BACKUP_ROOT          where day folders go (/var/backups/tafuta)
  BACKUP_TZ            time zone of the day folder's date (Africa/Nairobi)
  BACKUP_DATE          day folder to write instead of today (YYYY-MM-DD)
  BACKUP_LOCK_TIMEOUT  seconds to wait for another backup job (3600)

Needs pg_dump and psql (PostgreSQL client ≥ the server's version) and flock. Exit status 0 on success; on failure
non-zero, with a line containing "ERROR:" on stderr.
EOF
}

case ${1:-} in
  -h | --help) usage && exit 0 ;;
  '') ;;
  *) usage >&2 && exit 2 ;;
esac

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

load_config
require_var DATABASE_URL BACKUP_ROOT
require_command pg_dump psql flock sha256sum
acquire_lock

day=$(backup_date)
day_dir="$BACKUP_ROOT/$day"
final="$day_dir/db.dump"
# The dump is written next to the day folders, not in one: the day folder is created only once the dump
# succeeded, so a failed night leaves no day folder without a db.dump behind (prune.sh relies on that).
tmp="$BACKUP_ROOT/.tmp-$$-db.dump"
status="$BACKUP_ROOT/.tmp-$$-db.status"
CLEANUP_PATHS+=("$tmp" "$status")

log "dumping $(redact_url "$DATABASE_URL") to $final"
started=$(now_ms)

# One psql session opens a repeatable-read transaction and exports its snapshot; pg_dump (run from inside
# that session) dumps exactly that snapshot, and the row counts are then read in it too.
export BACKUP_DUMP_FILE=$tmp BACKUP_DUMP_STATUS=$status DATABASE_URL
# shellcheck disable=SC2016 # the $ variables are for the shell psql starts
counts=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -v row_counts_sql="$ROW_COUNTS_SQL" -d "$DATABASE_URL" <<'SQL'
begin isolation level repeatable read read only;
select pg_export_snapshot() as snapshot \gset
\setenv BACKUP_SNAPSHOT :snapshot
\! pg_dump --snapshot="$BACKUP_SNAPSHOT" --format=custom --compress=6 --file="$BACKUP_DUMP_FILE" --dbname="$DATABASE_URL"; echo "$?" >"$BACKUP_DUMP_STATUS"
select current_setting('server_version');
:row_counts_sql;
commit;
SQL
) || die "could not read the database (psql failed, see above)"

pg_dump_status=$(cat -- "$status" 2>/dev/null || echo 'did not run')
[[ $pg_dump_status == 0 ]] || die "pg_dump failed (exit status $pg_dump_status, see above); $final was not changed"
mapfile -t lines <<<"$counts"
((${#lines[@]} == 2)) || die "unexpected answer from psql while counting rows: $counts"
server_version=${lines[0]}
tables=${lines[1]}

mkdir -p -- "$day_dir"
publish "$tmp" "$final"
record_in_manifest "$day_dir" db.dump \
  "$(printf '"server_version":"%s","tables":%s' "$server_version" "$tables")"

table_count=$(grep -o '" : ' <<<"$tables" | wc -l)
log "database backup done: $final, $(stat -c %s -- "$final") bytes, $table_count tables, in $(format_ms $(($(now_ms) - started)))"
