#!/usr/bin/env bash
# Restore a day's backup into a fresh database and fresh folders (disaster recovery). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: restore.sh --date YYYY-MM-DD [--database-url URL] [--uploads-dir DIR] [--media-dir DIR]
                  [--from BACKUP_ROOT|RCLONE_REMOTE] [--app-dir DIR] [--skip-regenerate] [--force]
       restore.sh --list [--from BACKUP_ROOT|RCLONE_REMOTE]
       restore.sh --help

Restores the backup of one day. Each target is optional, at least one is required:
  --database-url URL  a FRESH, existing database (createdb it first); db.dump is restored into it with
                      `pg_restore --no-owner --exit-on-error --single-transaction`, then every table's
                      row count is compared with the counts recorded at dump time
  --uploads-dir DIR   folder to unpack uploads.tar.gz into (the new UPLOAD_PATH); new or empty
  --media-dir DIR     folder to unpack media.tar.gz into (the new MEDIA_PATH); new or empty
Source:
  --from SRC          a backup root folder, or an rclone remote such as offsite:tafuta-backups (the day
                      folder is downloaded to a temporary folder under $TMPDIR first). Default BACKUP_ROOT.
  --list              list the days available in the source and exit
Order: fetch → verify the SHA-256 of every needed file against MANIFEST.sha256 (any mismatch: refuse,
nothing touched) → check the targets are fresh → restore the database → check row counts → unpack the
folders → regenerate missing media outputs: `npm run media:regenerate` in --app-dir (default APP_DIR,
/var/www/tafuta/backend) with MEDIA_PATH, DATABASE_URL and UPLOAD_PATH set to the restored targets
(UPLOAD_PATH unset without --uploads-dir), when its package.json has that script. It runs only when
--database-url was given too, so it never touches the configured (production) database; otherwise, or
without the script, the step is reported as skipped. The elapsed time is printed.
Options:
  --force             restore into a database that already has tables (pg_restore --clean --if-exists)
                      and unpack over non-empty folders
  --skip-regenerate   do not run media:regenerate
Files are unpacked with their archived modes, owned by the user running the restore: run it as the
tafuta user (or chown -R tafuta: the folders afterwards).

Exit status: 0 restored; 1 refused or failed (the message says what); 2 usage; 3 restored, but
media:regenerate failed (re-run it by hand).
Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, then backup.env.example): BACKUP_ROOT,
APP_DIR, RCLONE_CONFIG (for remote sources), TMPDIR.
EOF
}

date_arg='' database_url='' uploads_dir='' media_dir='' from='' app_dir='' force=0 skip_regenerate=0 list=0
while (($# > 0)); do
  case $1 in
    -h | --help) usage && exit 0 ;;
    --date | --database-url | --uploads-dir | --media-dir | --from | --app-dir)
      (($# >= 2)) || { echo "restore.sh: $1 needs a value" >&2 && exit 2; }
      case $1 in
        --date) date_arg=$2 ;;
        --database-url) database_url=$2 ;;
        --uploads-dir) uploads_dir=$2 ;;
        --media-dir) media_dir=$2 ;;
        --from) from=$2 ;;
        --app-dir) app_dir=$2 ;;
      esac
      shift 2
      ;;
    --force) force=1 && shift ;;
    --skip-regenerate) skip_regenerate=1 && shift ;;
    --list) list=1 && shift ;;
    *) echo "restore.sh: unknown argument: $1 (see --help)" >&2 && exit 2 ;;
  esac
done

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

started=$(now_ms)
load_config
from=${from:-$BACKUP_ROOT}
from=${from%/}
app_dir=${app_dir:-${APP_DIR:-}}

# An rclone remote ("name:path") unless it is an existing local path.
is_remote() { [[ ! -e $1 && $1 =~ ^[A-Za-z0-9_.+@-]+: ]]; }
if is_remote "$from"; then
  require_command rclone
  if [[ -n ${RCLONE_CONFIG:-} ]]; then export RCLONE_CONFIG; fi
fi

if ((list)); then
  if is_remote "$from"; then
    rclone lsf --dirs-only "$from" | sed 's#/$##' | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort || true
  else
    find "$from" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' \
      -printf '%f\n' | sort
  fi
  exit 0
fi

[[ -n $date_arg ]] || { echo "restore.sh: --date is required (see --list)" >&2 && exit 2; }
is_date "$date_arg" || { echo "restore.sh: --date must be YYYY-MM-DD, not '$date_arg'" >&2 && exit 2; }
if [[ -z $database_url && -z $uploads_dir && -z $media_dir ]]; then
  echo "restore.sh: nothing to restore: give --database-url, --uploads-dir and/or --media-dir" >&2
  exit 2
fi
require_command sha256sum tar gzip
[[ -z $uploads_dir ]] || uploads_dir=$(realpath -m -- "$uploads_dir")
[[ -z $media_dir ]] || media_dir=$(realpath -m -- "$media_dir")
if [[ -n $database_url ]]; then require_command pg_restore psql; fi

needed=()
[[ -z $database_url ]] || needed+=(db.dump)
[[ -z $uploads_dir ]] || needed+=(uploads.tar.gz)
[[ -z $media_dir ]] || needed+=(media.tar.gz)
log "restoring ${needed[*]} of $date_arg from $from"

# --- 1. Fetch ---------------------------------------------------------------------------------------------
if is_remote "$from"; then
  day_dir=$(mktemp -d "${TMPDIR:-/tmp}/tafuta-restore.XXXXXX")
  CLEANUP_PATHS+=("$day_dir")
  includes=()
  for name in MANIFEST.sha256 manifest.json "${needed[@]}"; do includes+=(--include "/$name"); done
  log "downloading $from/$date_arg to $day_dir"
  rclone copy "$from/$date_arg" "$day_dir" "${includes[@]}" || die "could not download $from/$date_arg (see above; --list shows the days there)"
else
  day_dir="$from/$date_arg"
fi
[[ -d $day_dir ]] || die "no backup of $date_arg in $from (--list shows the days there)"
[[ -f $day_dir/MANIFEST.sha256 ]] || die "$date_arg has no MANIFEST.sha256: cannot verify the backup, refusing to restore"

# --- 2. Verify checksums before touching anything ----------------------------------------------------------
sums=()
for name in "${needed[@]}"; do
  line=$(awk -v name="$name" '{ file = $0; sub(/^[0-9a-f]+ [ *]/, "", file); if (file == name) print }' \
    "$day_dir/MANIFEST.sha256")
  [[ -n $line ]] || die "$name is not listed in the $date_arg MANIFEST.sha256 (that backup did not run or failed): refusing to restore"
  [[ -f $day_dir/$name ]] || die "$name of $date_arg is missing from $from: refusing to restore"
  sums+=("$line")
done
log "verifying SHA-256 checksums of ${needed[*]}"
if ! (cd -- "$day_dir" && printf '%s\n' "${sums[@]}" | sha256sum --check --strict); then
  die "CHECKSUM MISMATCH in the $date_arg backup (see above): the backup is damaged or was altered; refusing to restore, nothing was changed. Try the other copy (--from) or another day (--list)."
fi

# --- 3. Check the targets are fresh ------------------------------------------------------------------------
if [[ -n $database_url ]]; then
  table_count=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$database_url" -c \
    "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')") ||
    die "cannot connect to the target database $(redact_url "$database_url") (create it first: createdb -O tafuta <name>)"
  if ((table_count > 0)); then
    ((force)) || die "the target database $(redact_url "$database_url") already has $table_count tables: refusing to restore into it (use a fresh database, or --force to replace its objects)"
    warn "the target database has $table_count tables; --force: objects in the backup replace them"
  fi
fi
for dir in "$uploads_dir" "$media_dir"; do
  [[ -n $dir && -e $dir ]] || continue
  [[ -d $dir ]] || die "$dir exists and is not a folder"
  if [[ -n $(find "$dir" -mindepth 1 -maxdepth 1 -print -quit) ]]; then
    ((force)) || die "$dir is not empty: refusing to unpack into it (use a fresh folder, or --force to unpack over it)"
    warn "$dir is not empty; --force: files from the backup overwrite existing ones"
  fi
done

# --- 4. Database ---------------------------------------------------------------------------------------------
if [[ -n $database_url ]]; then
  log "restoring db.dump into $(redact_url "$database_url")"
  restore_args=(--no-owner --exit-on-error --single-transaction --dbname="$database_url")
  if ((force)); then restore_args+=(--clean --if-exists); fi
  pg_restore "${restore_args[@]}" "$day_dir/db.dump" ||
    die "pg_restore failed (see above); it ran in one transaction, so the target database is unchanged"

  if [[ -f $day_dir/manifest.json ]]; then
    log "comparing row counts with the manifest"
    mismatches=$(psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -v row_counts_sql="$ROW_COUNTS_SQL" \
      -v manifest="$(cat -- "$day_dir/manifest.json")" -d "$database_url" <<'SQL'
with expected as (
  select e.key as name, e.value::bigint as n
  from json_array_elements(:'manifest'::json -> 'files') f, json_each_text(f -> 'tables') e
  where f ->> 'file' = 'db.dump'
), actual as (
  select a.key as name, a.value::bigint as n from json_each_text((:row_counts_sql)) a
)
select coalesce(e.name, a.name), 'expected', coalesce(e.n::text, 'none'), 'found', coalesce(a.n::text, 'none')
from expected e full join actual a on a.name = e.name
where e.n is distinct from a.n
union all
select '=', count(*)::text, 'tables', sum(n)::text, 'rows' from expected;
SQL
    ) || die "could not count the restored rows (see above)"
    summary=$(grep '^= ' <<<"$mismatches" || true)
    if grep -qv '^= ' <<<"$mismatches"; then
      grep -v '^= ' <<<"$mismatches" >&2
      die "the restored row counts differ from the manifest (above)"
    fi
    log "row counts match the manifest: ${summary#= }"
  else
    warn "$date_arg has no manifest.json: row counts not checked"
  fi
fi

# --- 5. Folders -----------------------------------------------------------------------------------------------
unpack() {
  local archive=$1 target=$2 files
  log "unpacking $archive into $target"
  mkdir -p -- "$target"
  tar -xzf "$day_dir/$archive" -C "$target" --preserve-permissions --no-same-owner ||
    die "unpacking $archive failed (see above)"
  files=$(find "$target" -type f | wc -l)
  log "$target: $files files"
}
[[ -z $uploads_dir ]] || unpack uploads.tar.gz "$uploads_dir"
[[ -z $media_dir ]] || unpack media.tar.gz "$media_dir"

# --- 6. Regenerate missing media outputs (media.md MEDIA-324) ------------------------------------------------
status=0
if [[ -z $media_dir ]]; then
  :
elif ((skip_regenerate)); then
  log "media regeneration skipped (--skip-regenerate)"
elif [[ -z $database_url ]]; then
  # Never against the configured (production) database: it runs only with the restored database.
  log "media regeneration skipped: no --database-url given (run npm run media:regenerate by hand with DATABASE_URL, MEDIA_PATH and UPLOAD_PATH set to the restored targets)"
elif [[ -n $app_dir && -f $app_dir/package.json ]] && grep -q '"media:regenerate"[[:space:]]*:' "$app_dir/package.json"; then
  require_command npm
  log "regenerating missing media outputs: npm run media:regenerate in $app_dir"
  if ! (
    cd -- "$app_dir"
    export MEDIA_PATH=$media_dir
    export DATABASE_URL=$database_url
    # Never the configured (production) uploads: the restored folder, or none.
    if [[ -n $uploads_dir ]]; then export UPLOAD_PATH=$uploads_dir; else unset UPLOAD_PATH; fi
    npm run media:regenerate
  ); then
    warn "npm run media:regenerate failed (see above): data and files are restored, re-run it by hand"
    status=3
  fi
elif [[ -n $app_dir && -f $app_dir/package.json ]]; then
  log "media regeneration skipped: $app_dir/package.json has no media:regenerate script yet (the archived WebP outputs were restored as they were)"
else
  log "media regeneration skipped: no app at ${app_dir:-APP_DIR} (set --app-dir; the archived WebP outputs were restored as they were)"
fi

elapsed=$(($(now_ms) - started))
log "restore of $date_arg finished in $(format_ms "$elapsed")"
echo "Restore time: $elapsed ms"
exit "$status"
