#!/usr/bin/env bash
# Nightly file backups: `uploads` (cron 03:00 EAT) and `media` (cron 03:30 EAT). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: backup-files.sh uploads|media
       backup-files.sh --help

Archives one folder with `tar -czf` (paths relative to the folder, everything included: sources, specs,
generated outputs, app-config.jfx, .archive/ and the media journals) to
  uploads  UPLOAD_PATH → $BACKUP_ROOT/<YYYY-MM-DD>/uploads.tar.gz   (user profile photos)
  media    MEDIA_PATH  → $BACKUP_ROOT/<YYYY-MM-DD>/media.tar.gz     (business media)
The archive is written under a temporary name in $BACKUP_ROOT (the day folder is created only once it
is good), read back in full (gzip and tar integrity), flushed and
renamed; its size, SHA-256 and number of entries go to the day's MANIFEST.sha256 and manifest.json.
Files that change while being read (a live tree) are archived as read, with a warning.

Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, the app's .env, then the defaults in
backup.env.example next to this script):
  UPLOAD_PATH          user uploads (/var/www/tafuta/uploads)
  MEDIA_PATH           business media (/var/www/media)
  APP_ENV_FILE         the app's .env, read for UPLOAD_PATH and MEDIA_PATH (/var/www/tafuta/backend/.env)
  BACKUP_ROOT          where day folders go (/var/backups/tafuta)
  BACKUP_TZ            time zone of the day folder's date (Africa/Nairobi)
  BACKUP_DATE          day folder to write instead of today (YYYY-MM-DD)
  BACKUP_LOCK_TIMEOUT  seconds to wait for another backup job (3600)
EOF
}

case ${1:-} in
  -h | --help) usage && exit 0 ;;
  uploads) source_var=UPLOAD_PATH ;;
  media) source_var=MEDIA_PATH ;;
  *) usage >&2 && exit 2 ;;
esac
kind=$1
(($# == 1)) || { usage >&2 && exit 2; }

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

load_config
require_var "$source_var" BACKUP_ROOT
require_command tar gzip flock sha256sum
source_dir=${!source_var}
[[ -d $source_dir ]] || die "$source_var=$source_dir is not a folder"
acquire_lock

day=$(backup_date)
day_dir="$BACKUP_ROOT/$day"
name="$kind.tar.gz"
final="$day_dir/$name"
# Written next to the day folders; the day folder is created only once the archive is good.
tmp="$BACKUP_ROOT/.tmp-$$-$name"
CLEANUP_PATHS+=("$tmp")

log "archiving $source_dir to $final"
started=$(now_ms)
rc=0
tar -C "$source_dir" --warning=no-file-changed -czf "$tmp" . || rc=$?
# GNU tar exits 1 when files changed while being read: the archive is complete, those files as read.
if ((rc == 1)); then
  warn "some files under $source_dir changed while being archived; they are stored as read"
elif ((rc != 0)); then
  die "tar failed (exit status $rc); $final was not changed"
fi
entry_count=$(tar -tzf "$tmp" | wc -l) || die "the new archive does not read back; $final was not changed"

mkdir -p -- "$day_dir"
publish "$tmp" "$final"
record_in_manifest "$day_dir" "$name" "$(printf '"source":"%s","entries":%s' "$kind" "$entry_count")"
log "$kind backup done: $final, $(stat -c %s -- "$final") bytes, $entry_count entries, in $(format_ms $(($(now_ms) - started)))"
