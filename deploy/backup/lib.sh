# shellcheck shell=bash
# Shared by the Tafuta backup scripts (sourced, never run on its own): configuration, logging, cleanup,
# locking and the day manifest. Every setting is documented in backup.env.example.

BACKUP_SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SCRIPT_NAME=$(basename -- "$0" .sh)

# Backups hold personal data: everything the scripts create is readable by their user only.
umask 077

log() { printf '%s %s: %s\n' "$(date -Is)" "$SCRIPT_NAME" "$*"; }
warn() { log "WARNING: $*" >&2; }
die() {
  log "ERROR: $*" >&2
  exit 1
}

# Temporary files and folders to delete however the script ends.
CLEANUP_PATHS=()
cleanup() {
  if ((${#CLEANUP_PATHS[@]} > 0)); then rm -rf -- "${CLEANUP_PATHS[@]}"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }

# "1234 ms" → "1.234 s"
format_ms() { printf '%d.%03d s' $(($1 / 1000)) $(($1 % 1000)); }

# A connection string with its password hidden, for logs.
redact_url() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

in_list() {
  local needle=$1 item
  shift
  for item in "$@"; do [[ $item == "$needle" ]] && return 0; done
  return 1
}

# load_env_file FILE [NAME...]: exports each KEY=value of FILE whose variable is still unset or empty
# (only the NAMEs given, when any). The file is parsed, never executed.
load_env_file() {
  local file=$1 line key value
  shift
  [[ -n $file && -r $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    if (($# > 0)) && ! in_list "$key" "$@"; then continue; fi
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    [[ -z ${!key:-} && -n $value ]] || continue
    export "$key=$value"
  done <"$file"
}

# Environment, then the site file, then the app's .env (database and folders only), then the defaults.
load_config() {
  local defaults="$BACKUP_SCRIPT_DIR/backup.env.example"
  [[ -r $defaults ]] || die "missing $defaults (the list of defaults shipped with the scripts)"
  load_env_file "${BACKUP_ENV_FILE:-/etc/tafuta/backup.env}"
  load_env_file "$defaults" APP_ENV_FILE
  load_env_file "${APP_ENV_FILE:-}" DATABASE_URL UPLOAD_PATH MEDIA_PATH
  load_env_file "$defaults"
  [[ ${RETENTION_DAYS:-} =~ ^[1-9][0-9]*$ ]] || die "RETENTION_DAYS must be a whole number of days ≥ 1"
  [[ ${BACKUP_LOCK_TIMEOUT:-} =~ ^[0-9]+$ ]] || die "BACKUP_LOCK_TIMEOUT must be a number of seconds"
  [[ ${RCLONE_MAX_DELETE:-} =~ ^[0-9]+$ ]] || die "RCLONE_MAX_DELETE must be a number of files"
}

require_var() {
  local name
  for name in "$@"; do
    [[ -n ${!name:-} ]] || die "$name is not set (environment, ${BACKUP_ENV_FILE:-/etc/tafuta/backup.env} or the app's .env)"
  done
}

require_command() {
  local name
  for name in "$@"; do
    command -v "$name" >/dev/null || die "$name is not installed"
  done
}

is_date() {
  [[ $1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && [[ $(TZ=UTC date -d "$1" +%F 2>/dev/null) == "$1" ]]
}

# The day folder name of this run: BACKUP_DATE, or today in BACKUP_TZ (the cron jobs' EAT date).
backup_date() {
  local day=${BACKUP_DATE:-}
  [[ -n $day ]] || day=$(TZ=${BACKUP_TZ:-Africa/Nairobi} date +%F)
  is_date "$day" || die "BACKUP_DATE must be a date (YYYY-MM-DD), not '$day'"
  printf '%s\n' "$day"
}

# One backup job at a time: a slow dump delays the next job instead of racing it (and the manifest).
acquire_lock() {
  mkdir -p -- "$BACKUP_ROOT"
  exec {BACKUP_LOCK_FD}>>"$BACKUP_ROOT/.lock"
  if ! flock -w "$BACKUP_LOCK_TIMEOUT" "$BACKUP_LOCK_FD"; then
    die "another backup job still holds $BACKUP_ROOT/.lock after ${BACKUP_LOCK_TIMEOUT} s"
  fi
}

# has_verified_dump DAY_DIR: DAY_DIR holds a db.dump that its MANIFEST.sha256 lists with a matching SHA-256.
has_verified_dump() {
  local dir=$1 line
  [[ -f $dir/db.dump && -f $dir/MANIFEST.sha256 ]] || return 1
  line=$(awk '{ file = $0; sub(/^[0-9a-f]+ [ *]/, "", file); if (file == "db.dump") print }' "$dir/MANIFEST.sha256")
  [[ -n $line ]] || return 1
  (cd -- "$dir" && sha256sum --check --strict --status <<<"$line")
}

# publish TEMP FINAL: flush TEMP to disk, then rename it over FINAL (readers see the old or the new file).
publish() {
  sync -- "$1"
  mv -f -- "$1" "$2"
  sync -- "$(dirname -- "$2")"
}

# record_in_manifest DAY_DIR FILE [EXTRA_JSON_MEMBERS]: (re)places FILE's line in DAY_DIR/MANIFEST.sha256
# (sha256sum format, checkable with `sha256sum -c`) and its entry in DAY_DIR/manifest.json. manifest.json
# keeps one file entry per line, so entries are replaced without a JSON tool.
record_in_manifest() {
  local day_dir=$1 name=$2 extra=${3:-} sha bytes entry sums json tmp i
  local -a entries=()
  sha=$(sha256sum -- "$day_dir/$name" | cut -d' ' -f1)
  bytes=$(stat -c %s -- "$day_dir/$name")
  entry=$(printf '{"file":"%s","bytes":%s,"sha256":"%s","created_at":"%s"%s}' \
    "$name" "$bytes" "$sha" "$(date -Is)" "${extra:+,$extra}")

  sums="$day_dir/MANIFEST.sha256"
  tmp="$day_dir/.tmp-$$-MANIFEST.sha256"
  CLEANUP_PATHS+=("$tmp")
  {
    if [[ -f $sums ]]; then
      awk -v name="$name" '{ file = $0; sub(/^[0-9a-f]+ [ *]/, "", file); if (file != name) print }' "$sums"
    fi
    printf '%s  %s\n' "$sha" "$name"
  } >"$tmp"
  publish "$tmp" "$sums"

  json="$day_dir/manifest.json"
  tmp="$day_dir/.tmp-$$-manifest.json"
  CLEANUP_PATHS+=("$tmp")
  if [[ -f $json ]]; then
    mapfile -t entries < <(sed -n -e 's/^[[:space:]]*\({"file":.*}\),\{0,1\}$/\1/p' "$json" |
      grep -v -F "{\"file\":\"$name\"," || true)
  fi
  entries+=("$entry")
  {
    printf '{\n  "format": "tafuta-backup/1",\n  "date": "%s",\n  "updated_at": "%s",\n  "files": [\n' \
      "$(basename -- "$day_dir")" "$(date -Is)"
    for i in "${!entries[@]}"; do
      if ((i + 1 < ${#entries[@]})); then printf '    %s,\n' "${entries[i]}"; else printf '    %s\n' "${entries[i]}"; fi
    done
    printf '  ]\n}\n'
  } >"$tmp"
  publish "$tmp" "$json"
  log "recorded $name ($bytes bytes, sha256 $sha) in $day_dir/MANIFEST.sha256 and manifest.json"
}

# Exact row counts of every table, as one JSON object {"schema.table": rows}. Used by backup-db.sh (inside
# the dump's own snapshot) and by restore.sh (to compare with the manifest). Passed to psql as a variable.
# shellcheck disable=SC2034 # used by the scripts that source this file
read -r -d '' ROW_COUNTS_SQL <<'SQL' || true
select coalesce(json_object_agg(t.name, t.n order by t.name), '{}')
from (
  select format('%s.%s', schemaname, tablename) as name,
         (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', schemaname, tablename),
           false, true, '')))[1]::text::bigint as n
  from pg_tables
  where schemaname not in ('pg_catalog', 'information_schema')
) t
SQL
