#!/usr/bin/env bash
# Nightly off-site copy of all backups (cron 04:00 EAT). See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: offsite-sync.sh [--help]

Copies BACKUP_ROOT to off-site object storage with `rclone copy "$BACKUP_ROOT" "$RCLONE_REMOTE"` (which
never deletes remote files), verifies that every local file is there with `rclone check --one-way`
(sizes and hashes), then applies the retention off-site: remote day folders whose date name is older
than RETENTION_DAYS (30) days are deleted, except the newest remote day folder holding a db.dump. A
remote folder within the retention period is never deleted, even when the local one is gone (a lost or
rebuilt disk does not erase the off-site history).

Safety: the run refuses (exit status 1, an "ERROR:" line, nothing copied or deleted) unless BACKUP_ROOT
holds a verified database dump (db.dump matching its MANIFEST.sha256) dated at most 2 days before today,
and rclone stops before deleting more than RCLONE_MAX_DELETE remote files. Temporary files of a backup
still being written and the lock file are never copied.

Settings (environment, /etc/tafuta/backup.env or $BACKUP_ENV_FILE, then the defaults in
backup.env.example next to this script):
  BACKUP_ROOT          local backups (/var/backups/tafuta)
  RCLONE_REMOTE        rclone remote and path (offsite:tafuta-backups)
  RCLONE_CONFIG        rclone configuration with the remote's credentials (/etc/tafuta/rclone.conf)
  RCLONE_FLAGS         extra flags for every rclone command, e.g. "--fast-list --transfers 4"
  RCLONE_MAX_DELETE    most remote files one run may delete (50)
  RETENTION_DAYS       days to keep off-site (30)
  BACKUP_TZ            time zone of "today" (Africa/Nairobi)
  BACKUP_DATE          "today" instead of the real date (YYYY-MM-DD)
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
require_command rclone flock sha256sum
if [[ -n ${RCLONE_CONFIG:-} ]]; then
  [[ -r $RCLONE_CONFIG ]] || die "RCLONE_CONFIG=$RCLONE_CONFIG is not a readable file"
  export RCLONE_CONFIG
fi
[[ -d $BACKUP_ROOT ]] || die "BACKUP_ROOT=$BACKUP_ROOT does not exist"
acquire_lock

today=$(backup_date)
recent=$(TZ=UTC date -d "$today -2 days" +%F)
cutoff=$(TZ=UTC date -d "$today -$RETENTION_DAYS days" +%F)

days=()
for dir in "$BACKUP_ROOT"/*/; do
  name=$(basename -- "$dir")
  if [[ -d $dir ]] && is_date "$name"; then days+=("$name"); fi
done
if ((${#days[@]} > 0)); then mapfile -t days < <(printf '%s\n' "${days[@]}" | sort); fi
latest_dump=''
for ((i = ${#days[@]} - 1; i >= 0; i--)); do
  if has_verified_dump "$BACKUP_ROOT/${days[i]}"; then
    latest_dump=${days[i]}
    break
  fi
done
if [[ -z $latest_dump || $latest_dump < $recent ]]; then
  die "no verified db.dump dated $recent or later in $BACKUP_ROOT (newest: ${latest_dump:-none}): refusing to touch $RCLONE_REMOTE (are the database backups failing, or was the disk lost?)"
fi
latest=${days[-1]}
for name in db.dump uploads.tar.gz media.tar.gz; do
  [[ -f $BACKUP_ROOT/$latest/$name ]] || warn "the latest day folder ($latest) has no $name"
done

filters=(--exclude '.tmp-*' --exclude '/.lock')
read -r -a extra_flags <<<"${RCLONE_FLAGS:-}"

# --- Upload: copy never deletes anything off-site. ---------------------------------------------------------
log "copying $BACKUP_ROOT (${#days[@]} day folders, latest $latest) to $RCLONE_REMOTE"
started=$(now_ms)
rclone copy "$BACKUP_ROOT" "$RCLONE_REMOTE" "${filters[@]}" "${extra_flags[@]}" ||
  die "rclone copy to $RCLONE_REMOTE failed (see above)"
log "verifying the off-site copy"
rclone check "$BACKUP_ROOT" "$RCLONE_REMOTE" --one-way "${filters[@]}" "${extra_flags[@]}" ||
  die "rclone check found local files missing or different in $RCLONE_REMOTE (see above)"

# --- Retention off-site: by date name only, never the newest remote day holding a db.dump. -----------------
listing=$(rclone lsf --dirs-only "$RCLONE_REMOTE" "${extra_flags[@]}") ||
  die "could not list $RCLONE_REMOTE (see above)"
remote_days=()
while IFS= read -r name; do
  name=${name%/}
  if [[ -n $name ]] && is_date "$name"; then remote_days+=("$name"); fi
done <<<"$listing"
if ((${#remote_days[@]} > 0)); then mapfile -t remote_days < <(printf '%s\n' "${remote_days[@]}" | sort); fi
remote_dump=''
for ((i = ${#remote_days[@]} - 1; i >= 0; i--)); do
  found=$(rclone lsf --files-only --include /db.dump "$RCLONE_REMOTE/${remote_days[i]}" "${extra_flags[@]}") ||
    die "could not list $RCLONE_REMOTE/${remote_days[i]} (see above)"
  if [[ -n $found ]]; then
    remote_dump=${remote_days[i]}
    break
  fi
done
expired=()
for name in "${remote_days[@]}"; do
  [[ $name < $cutoff ]] || continue
  if [[ $name == "$remote_dump" ]]; then
    warn "off-site $name is older than $RETENTION_DAYS days but holds the newest remote db.dump: kept"
    continue
  fi
  expired+=("$name")
done
if ((${#expired[@]} > 0)); then
  includes=()
  for name in "${expired[@]}"; do includes+=(--include "/$name/**"); done
  log "deleting off-site day folders older than $RETENTION_DAYS days (before $cutoff): ${expired[*]}"
  rclone delete "$RCLONE_REMOTE" "${includes[@]}" --max-delete "$RCLONE_MAX_DELETE" "${extra_flags[@]}" ||
    die "rclone delete in $RCLONE_REMOTE failed or would delete more than RCLONE_MAX_DELETE=$RCLONE_MAX_DELETE files (see above)"
  for name in "${expired[@]}"; do
    rclone rmdirs "$RCLONE_REMOTE/$name" "${extra_flags[@]}" 2>/dev/null || true
  done
fi
log "off-site copy done and verified in $(format_ms $(($(now_ms) - started))); ${#expired[@]} expired off-site day folders deleted"
