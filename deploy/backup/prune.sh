#!/usr/bin/env bash
# Backup retention (cron, after the off-site sync). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: prune.sh [--dry-run] [--help]

Deletes the day folders of BACKUP_ROOT that are older than RETENTION_DAYS (30) days. A folder's age is
the date in its name (YYYY-MM-DD), not its modification time, so copying or touching backups never
changes what is kept: with today 2025-03-31 and 30 days, 2025-03-01 (30 days old) is kept and 2025-02-28
(31 days old) is deleted. Only folders named like a valid date are ever considered; anything else in
BACKUP_ROOT, and any folder dated today or later, is left alone. Whatever their age, two day folders
are always kept, so backups that stopped (or keep failing) are never pruned to nothing:
  - the newest day folder that holds a verified database dump (a db.dump whose SHA-256 matches its line
    in that folder's MANIFEST.sha256), and
  - the newest day folder.
A warning is printed when no day folder holds a verified dump. The off-site copy is pruned separately
by offsite-sync.sh, by the same rules.

  --dry-run   print what would be deleted, delete nothing

Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, then the defaults in
backup.env.example next to this script):
  BACKUP_ROOT          local backups (/var/backups/tafuta)
  RETENTION_DAYS       days to keep (30)
  BACKUP_TZ            time zone of "today" (Africa/Nairobi)
  BACKUP_DATE          "today" instead of the real date (YYYY-MM-DD)
  BACKUP_LOCK_TIMEOUT  seconds to wait for another backup job (3600)
EOF
}

dry_run=0
case ${1:-} in
  -h | --help) usage && exit 0 ;;
  --dry-run) dry_run=1 ;;
  '') ;;
  *) usage >&2 && exit 2 ;;
esac
(($# <= 1)) || { usage >&2 && exit 2; }

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

load_config
require_var BACKUP_ROOT
require_command flock sha256sum
if [[ ! -d $BACKUP_ROOT ]]; then
  log "nothing to prune: $BACKUP_ROOT does not exist"
  exit 0
fi
acquire_lock

today=$(backup_date)
cutoff=$(TZ=UTC date -d "$today -$RETENTION_DAYS days" +%F)

days=()
for dir in "$BACKUP_ROOT"/*/; do
  name=$(basename -- "$dir")
  if [[ -d $dir ]] && is_date "$name"; then days+=("$name"); fi
done
if ((${#days[@]} == 0)); then
  log "nothing to prune: no day folders in $BACKUP_ROOT"
  exit 0
fi
mapfile -t days < <(printf '%s\n' "${days[@]}" | sort)
newest=${days[-1]}
newest_dump=''
for ((i = ${#days[@]} - 1; i >= 0; i--)); do
  if has_verified_dump "$BACKUP_ROOT/${days[i]}"; then
    newest_dump=${days[i]}
    break
  fi
done
[[ -n $newest_dump ]] ||
  warn "no day folder in $BACKUP_ROOT holds a db.dump that matches its MANIFEST.sha256 (are the database backups failing?)"

deleted=0
for name in "${days[@]}"; do
  [[ $name < $cutoff ]] || continue
  if [[ $name == "$newest_dump" ]]; then
    warn "$name is older than $RETENTION_DAYS days but holds the newest verified database dump: kept (are the database backups running?)"
    continue
  fi
  if [[ $name == "$newest" ]]; then
    warn "$name is older than $RETENTION_DAYS days but is the newest backup: kept (are the backups running?)"
    continue
  fi
  if ((dry_run)); then
    log "would delete $BACKUP_ROOT/$name"
  else
    rm -rf -- "${BACKUP_ROOT:?}/$name"
    log "deleted $BACKUP_ROOT/$name"
  fi
  deleted=$((deleted + 1))
done
if ((dry_run)); then
  log "dry run: $deleted of ${#days[@]} day folders are older than $RETENTION_DAYS days (before $cutoff)"
else
  log "deleted $deleted of ${#days[@]} day folders older than $RETENTION_DAYS days (before $cutoff)"
fi
