#!/usr/bin/env bash
# Nightly off-site copy of all backups (cron 04:00 EAT). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: offsite-sync.sh [--help]

Mirrors BACKUP_ROOT to off-site object storage with `rclone sync "$BACKUP_ROOT" "$RCLONE_REMOTE"`, then
verifies the copy with `rclone check` (sizes and hashes, both directions). Day folders pruned locally
(prune.sh) are deleted off-site by the same sync, so the off-site copy keeps the same 30 days.

Safety: nothing is synced when BACKUP_ROOT holds no day folder (a lost disk must not empty the off-site
copy), and rclone stops before deleting more than RCLONE_MAX_DELETE remote files. Temporary files of a
backup still being written and the lock file are never copied.

Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, then the defaults in
backup.env.example next to this script):
  BACKUP_ROOT          local backups (/var/backups/tafuta)
  RCLONE_REMOTE        rclone remote and path (offsite:tafuta-backups)
  RCLONE_CONFIG        rclone configuration with the remote's credentials (/etc/tafuta/rclone.conf)
  RCLONE_FLAGS         extra flags for sync and check, e.g. "--fast-list --transfers 4"
  RCLONE_MAX_DELETE    most remote files one run may delete (50)
  BACKUP_LOCK_TIMEOUT  seconds to wait for another backup job (3600)
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
require_var BACKUP_ROOT RCLONE_REMOTE
require_command rclone flock
if [[ -n ${RCLONE_CONFIG:-} ]]; then
  [[ -r $RCLONE_CONFIG ]] || die "RCLONE_CONFIG=$RCLONE_CONFIG is not a readable file"
  export RCLONE_CONFIG
fi
[[ -d $BACKUP_ROOT ]] || die "BACKUP_ROOT=$BACKUP_ROOT does not exist"
acquire_lock

shopt -s nullglob
days=("$BACKUP_ROOT"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/)
shopt -u nullglob
((${#days[@]} > 0)) || die "no day folders in $BACKUP_ROOT: refusing to sync (it would empty $RCLONE_REMOTE)"
latest=$(basename -- "${days[-1]}")
for name in db.dump uploads.tar.gz media.tar.gz; do
  [[ -f $BACKUP_ROOT/$latest/$name ]] || warn "the latest day folder ($latest) has no $name"
done

filters=(--exclude '.tmp-*' --exclude '/.lock')
read -r -a extra_flags <<<"${RCLONE_FLAGS:-}"

log "syncing $BACKUP_ROOT (${#days[@]} day folders, latest $latest) to $RCLONE_REMOTE"
started=$(now_ms)
rclone sync "$BACKUP_ROOT" "$RCLONE_REMOTE" "${filters[@]}" --max-delete "$RCLONE_MAX_DELETE" "${extra_flags[@]}" ||
  die "rclone sync to $RCLONE_REMOTE failed (see above)"
log "verifying the off-site copy"
rclone check "$BACKUP_ROOT" "$RCLONE_REMOTE" "${filters[@]}" "${extra_flags[@]}" ||
  die "rclone check found differences between $BACKUP_ROOT and $RCLONE_REMOTE (see above)"
log "off-site sync done and verified in $(format_ms $(($(now_ms) - started)))"
