#!/usr/bin/env bash
# Deploys a Tafuta release on the server with zero downtime, and rolls back by itself when the new release
# is not healthy (PRD-06 "Application Deployment"; DEPLOYMENT.md walks through a first deploy).
#
#   /var/www/tafuta/
#   ├── releases/<UTC time>-<ref>/    one folder per release; the newest 5 are kept
#   ├── current -> releases/…         the live release, switched atomically (rename of a symlink)
#   ├── backend -> current            PRD-06's backend folder: what PM2 runs (deploy/ecosystem.config.cjs)
#   ├── frontend -> current/apps/web  so frontend/dist is the live release's web build, which Caddy serves
#   ├── shared/.env                   settings and secrets (chmod 600), linked into every release
#   ├── repo.git/                     a mirror of the repository, fetched on every deploy
#   └── logs/
#
# Steps: fetch → npm ci → build → migrate → switch `current` → pm2 reload → health check. When the health
# check fails, `current` goes back to the previous release, PM2 reloads it, and the script exits non-zero.
set -euo pipefail

readonly EXIT_FAILED=1      # the deploy stopped before the switch: the live release is unchanged
readonly EXIT_ROLLED_BACK=2 # the new release was unhealthy; the previous one is live (and healthy) again
readonly EXIT_DOWN=3        # unhealthy and no healthy release to go back to: act now
readonly EXIT_USAGE=64

usage() {
  cat <<'EOF'
Usage: deploy.sh [options]

Deploys a release of Tafuta to ROOT/releases, switches ROOT/current to it, reloads PM2 without downtime
and checks /api/health. If the check fails, the previous release goes live again (exit code 2).

Release source (one of):
  --ref REF            git branch, tag or commit to deploy (default: main), fetched from --repo
  --repo URL           the git repository; needed on the first deploy, remembered in ROOT/repo.git after
  --from TARBALL       unpack this release tarball (e.g. from `git archive`) instead of fetching from git

Options:
  --root DIR           install root (default: $TAFUTA_ROOT or /var/www/tafuta)
  --env-file FILE      the shared .env linked into the release (default: ROOT/shared/.env)
  --health-url URL     health endpoint (default: $TAFUTA_HEALTH_URL or http://127.0.0.1:3000/api/health)
  --health-timeout S   seconds the new release has to become healthy (default: 60)
  --keep N             releases to keep, the live one included (default: 5, at least 2)
  --dry-run            print every action, one line each, and change nothing
  -h, --help           show this help

Environment: TAFUTA_ROOT, TAFUTA_REPO, TAFUTA_HEALTH_URL, TAFUTA_PM2 (the pm2 command; default pm2),
PM2_HOME (passed on to pm2).

Exit codes: 0 deployed; 1 failed before the switch (nothing changed); 2 unhealthy, rolled back to the
previous release; 3 unhealthy and no healthy release to go back to; 64 bad usage.

Migrations are forward-only and are not undone by a rollback: each release's migrations must keep the
previous release working (add columns and tables first, remove them a release later).
EOF
}

ROOT=${TAFUTA_ROOT:-/var/www/tafuta}
REPO=${TAFUTA_REPO:-}
REF=main
FROM=""
ENV_FILE=""
HEALTH_URL=${TAFUTA_HEALTH_URL:-http://127.0.0.1:3000/api/health}
HEALTH_TIMEOUT=60
HEALTH_PASSES=3 # answers in a row, so that both cluster workers have been asked
KEEP=5
DRY_RUN=false
PM2=${TAFUTA_PM2:-pm2}
NPM=npm

# State for the exit trap.
release_dir=""
switched=false

log() { printf '==> %s\n' "$*"; }
warn() { printf 'deploy.sh: warning: %s\n' "$*" >&2; }
fail() {
  local code=$1
  shift
  printf 'deploy.sh: %s\n' "$*" >&2
  exit "$code"
}
usage_error() {
  printf 'deploy.sh: %s (see --help)\n' "$*" >&2
  exit "$EXIT_USAGE"
}

quote() {
  local out="" arg
  for arg in "$@"; do out+="$(printf '%q' "$arg") "; done
  printf '%s' "${out% }"
}

# Every action goes through run: printed in a dry run, printed and executed otherwise.
run() {
  if $DRY_RUN; then
    printf '[dry-run] %s\n' "$(quote "$@")"
  else
    printf '+ %s\n' "$(quote "$@")"
    "$@"
  fi
}

# An action in another folder, without changing this shell's.
run_in() {
  local dir=$1
  shift
  if $DRY_RUN; then
    printf '[dry-run] (cd %s && %s)\n' "$(quote "$dir")" "$(quote "$@")"
  else
    printf '+ (cd %s && %s)\n' "$(quote "$dir")" "$(quote "$@")"
    (cd "$dir" && "$@")
  fi
}

# A step that cannot be a single command line (pipes, loops): described in a dry run.
plan() { printf '[dry-run] %s\n' "$*"; }

parse_args() {
  while (($# > 0)); do
    case $1 in
      --ref | --repo | --from | --root | --env-file | --health-url | --health-timeout | --keep)
        if (($# < 2)) || [[ -z $2 ]]; then usage_error "$1 needs a value"; fi
        case $1 in
          --ref) REF=$2 ;;
          --repo) REPO=$2 ;;
          --from) FROM=$2 ;;
          --root) ROOT=$2 ;;
          --env-file) ENV_FILE=$2 ;;
          --health-url) HEALTH_URL=$2 ;;
          --health-timeout) HEALTH_TIMEOUT=$2 ;;
          --keep) KEEP=$2 ;;
        esac
        shift 2
        ;;
      --dry-run)
        DRY_RUN=true
        shift
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) usage_error "unknown argument: $1" ;;
    esac
  done
  [[ $HEALTH_TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage_error "--health-timeout must be a whole number of seconds"
  if ! [[ $KEEP =~ ^[0-9]+$ ]] || ((KEEP < 2)); then
    usage_error "--keep must be 2 or more (the live release and the one before)"
  fi
  [[ $ROOT == /* ]] || ROOT=$PWD/$ROOT
  ROOT=${ROOT%/}
  ENV_FILE=${ENV_FILE:-$ROOT/shared/.env}
  [[ $ENV_FILE == /* ]] || ENV_FILE=$PWD/$ENV_FILE
  if [[ -n $FROM && $FROM != /* ]]; then FROM=$PWD/$FROM; fi
}

check_commands() {
  local -a needed=(tar flock curl "$NPM" "$PM2") missing=()
  local name
  [[ -n $FROM ]] || needed+=(git)
  for name in "${needed[@]}"; do
    command -v "$name" >/dev/null 2>&1 || missing+=("$name")
  done
  ((${#missing[@]} == 0)) && return 0
  if $DRY_RUN; then
    warn "not installed here: ${missing[*]}"
  else
    fail "$EXIT_FAILED" "not installed: ${missing[*]}"
  fi
}

release_label() {
  local label
  if [[ -n $FROM ]]; then
    label=$(basename -- "$FROM")
    label=$(sed -E 's/\.(tar(\.[A-Za-z0-9]+)?|tgz|txz)$//' <<<"$label")
  else
    label=$REF
  fi
  printf '%s' "${label//[^A-Za-z0-9._-]/-}"
}

# The release `current` points to now, if any: the one to go back to.
live_release() {
  local target
  [[ -L $ROOT/current ]] || return 0
  target=$(readlink -- "$ROOT/current")
  if [[ -d $ROOT/releases/$(basename -- "$target") ]]; then
    basename -- "$target"
  else
    warn "current points to $target, which is not a release folder: no rollback possible"
  fi
}

# Production only reads shared/.env; a .env that provisioning left in a plain backend/ folder moves there.
adopt_backend_env() {
  if [[ ! -e $ENV_FILE && -d $ROOT/backend && ! -L $ROOT/backend && -f $ROOT/backend/.env ]]; then
    run mv -- "$ROOT/backend/.env" "$ENV_FILE"
  fi
  if [[ ! -f $ENV_FILE ]]; then
    if $DRY_RUN; then
      warn "no $ENV_FILE yet (provision.sh writes it from .env.example)"
    else
      fail "$EXIT_FAILED" "no $ENV_FILE: create it from .env.example (provision.sh does) and chmod 600 it"
    fi
  fi
}

fetch_from_git() {
  local mirror=$ROOT/repo.git commit
  if [[ -d $mirror ]]; then
    if [[ -n $REPO ]]; then run git --git-dir="$mirror" remote set-url origin "$REPO"; fi
    run git --git-dir="$mirror" fetch --prune --quiet origin
  elif [[ -n $REPO ]]; then
    run git clone --mirror --quiet "$REPO" "$mirror"
  elif $DRY_RUN; then
    plan "git clone --mirror --quiet <the --repo URL, needed on a first deploy> $mirror"
  else
    fail "$EXIT_FAILED" "first deploy from git: give the repository with --repo URL"
  fi
  if $DRY_RUN; then
    plan "git --git-dir=$mirror archive <commit of $REF> | tar -x -C $release_dir, and the commit into $release_dir/REVISION"
    return 0
  fi
  commit=$(git --git-dir="$mirror" rev-parse --verify --quiet "$REF^{commit}") ||
    fail "$EXIT_FAILED" "$REF is not a branch, tag or commit of $(git --git-dir="$mirror" remote get-url origin)"
  log "Release $(basename -- "$release_dir"): $REF at $commit"
  run mkdir -- "$release_dir"
  git --git-dir="$mirror" archive --format=tar "$commit" | tar -x -C "$release_dir"
  printf '%s\n' "$commit" >"$release_dir/REVISION"
}

fetch_from_tarball() {
  local listing strip=0
  if [[ ! -f $FROM ]]; then
    $DRY_RUN || fail "$EXIT_FAILED" "no such tarball: $FROM"
    warn "no such tarball: $FROM"
  else
    listing=$(tar -tf "$FROM") || fail "$EXIT_FAILED" "cannot read $FROM as a tar archive"
    # A release's files may sit at the top of the archive or in one folder (git archive --prefix=tafuta/).
    if grep -qxE '(\./)?package\.json' <<<"$listing"; then
      strip=0
    elif grep -qxE '[^./][^/]*/package\.json' <<<"$listing"; then
      strip=1
    elif grep -qxE '\./[^/]+/package\.json' <<<"$listing"; then
      strip=2
    else
      fail "$EXIT_FAILED" "$FROM holds no package.json at its top: not a Tafuta release"
    fi
  fi
  run mkdir -- "$release_dir"
  run tar -xf "$FROM" -C "$release_dir" --strip-components="$strip"
}

check_release() {
  local file
  $DRY_RUN && return 0
  for file in package.json package-lock.json deploy/ecosystem.config.cjs; do
    [[ -f $release_dir/$file ]] || fail "$EXIT_FAILED" "the release has no $file: not a Tafuta release"
  done
}

# Atomic: a new symlink renamed over the old one, so `current` always points somewhere valid.
point_link() {
  local link=$1 target=$2
  run ln -sfn -- "$target" "$link.next"
  run mv -Tf -- "$link.next" "$link"
}

# backend and frontend are links through `current`; provisioning may have left them as empty folders.
ensure_link() {
  local link=$1 target=$2
  if [[ -L $link ]]; then
    [[ $(readlink -- "$link") == "$target" ]] || point_link "$link" "$target"
  elif [[ -d $link ]]; then
    if [[ -z $(ls -A -- "$link") ]] || $DRY_RUN; then
      run rmdir -- "$link"
      run ln -s -- "$target" "$link"
    else
      fail "$EXIT_DOWN" "$link is a folder with files in it; move them away so that it can link to $target" \
        "(current already points to the new release)"
    fi
  elif [[ -e $link ]]; then
    fail "$EXIT_DOWN" "$link is a file; remove it so that it can link to $target"
  else
    run ln -s -- "$target" "$link"
  fi
}

switch_to() {
  point_link "$ROOT/current" "releases/$1"
  ensure_link "$ROOT/backend" current
  ensure_link "$ROOT/frontend" current/apps/web
}

# PM2 gets a clean environment: with --update-env, every variable of this shell would otherwise become
# the app's and win over shared/.env (node --env-file never overrides a variable that is already set).
pm2_reload() {
  local -a command=(env -i "HOME=${HOME:-/}" "PATH=$PATH" "TAFUTA_HOME=$ROOT/backend" "TAFUTA_LOG_DIR=$ROOT/logs")
  if [[ -n ${PM2_HOME:-} ]]; then command+=("PM2_HOME=$PM2_HOME"); fi
  command+=("$PM2" reload "$ROOT/backend/deploy/ecosystem.config.cjs" --update-env)
  run "${command[@]}"
}

health_check() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT)) passes=0 error="no answer yet"
  if $DRY_RUN; then
    plan "health check: GET $HEALTH_URL until $HEALTH_PASSES answers in a row are 2xx, for up to ${HEALTH_TIMEOUT} s"
    return 0
  fi
  log "Health check: $HEALTH_URL (up to ${HEALTH_TIMEOUT} s)"
  # A run of passes under way when the time is up may finish: the check ends at most HEALTH_PASSES s late.
  while ((SECONDS < deadline || passes > 0)); do
    if error=$(curl --fail --silent --show-error --max-time 5 --output /dev/null "$HEALTH_URL" 2>&1); then
      passes=$((passes + 1))
      if ((passes >= HEALTH_PASSES)); then
        log "Healthy ($passes answers in a row)"
        return 0
      fi
    else
      passes=0
    fi
    sleep 1
  done
  warn "not healthy after ${HEALTH_TIMEOUT} s: ${error:-unexpected answer}"
  return 1
}

rollback() {
  local failed=$1 previous=$2
  if $DRY_RUN; then
    if [[ -n $previous ]]; then
      plan "rollback on failure: point current back to releases/$previous, pm2 reload it, health check, exit $EXIT_ROLLED_BACK"
    else
      plan "rollback on failure: impossible on a first deploy (no previous release); exit $EXIT_DOWN"
    fi
    return 0
  fi
  if [[ -z $previous ]]; then
    fail "$EXIT_DOWN" "release $failed is not healthy and there is no previous release to go back to." \
      "See $ROOT/logs/pm2-error.log and \`pm2 logs tafuta\`."
  fi
  warn "release $failed is not healthy: rolling back to $previous"
  log "Rolling back to $previous"
  switch_to "$previous"
  if pm2_reload && health_check; then
    fail "$EXIT_ROLLED_BACK" "deploy of $failed FAILED its health check; rolled back to $previous, which is" \
      "healthy. $failed is kept in $ROOT/releases for inspection; its migrations (if any) stay applied." \
      "See $ROOT/logs/pm2-error.log."
  fi
  fail "$EXIT_DOWN" "deploy of $failed FAILED its health check, and after rolling back to $previous the site is" \
    "still not healthy: check the database and \`pm2 logs tafuta\` now."
}

prune_releases() {
  local live=$1 name excess
  local -a releases=()
  local LC_COLLATE=C # release names begin with their UTC time: sorted names are chronological
  shopt -s nullglob
  for name in "$ROOT"/releases/*/; do
    name=${name%/}
    releases+=("${name##*/}")
  done
  shopt -u nullglob
  if $DRY_RUN; then releases+=("$live"); fi
  excess=$((${#releases[@]} - KEEP))
  ((excess > 0)) || return 0
  for name in "${releases[@]:0:excess}"; do
    [[ $name == "$live" ]] || run rm -rf -- "$ROOT/releases/$name"
  done
}

# A deploy that stops before the switch leaves no half-built release behind.
on_exit() {
  local status=$?
  if ((status != 0)) && [[ -n $release_dir && -d $release_dir ]] && ! $switched && ! $DRY_RUN; then
    rm -rf -- "$release_dir"
    printf 'deploy.sh: stopped before the switch; removed %s. The live release is unchanged.\n' \
      "$release_dir" >&2
  fi
}

main() {
  parse_args "$@"
  local name previous started=$SECONDS
  name="$(date -u +%Y%m%dT%H%M%SZ)-$(release_label)"
  previous=$(live_release)

  if $DRY_RUN; then
    log "Dry run: deploying ${FROM:-$REF} to $ROOT/releases/$name; nothing is changed"
  else
    log "Deploying ${FROM:-$REF} to $ROOT/releases/$name"
  fi
  check_commands
  run mkdir -p -- "$ROOT/releases" "$ROOT/shared" "$ROOT/logs"
  if ! $DRY_RUN; then
    # One deploy at a time.
    exec {lock}>"$ROOT/.deploy.lock"
    flock --nonblock "$lock" || fail "$EXIT_FAILED" "another deploy is running (lock: $ROOT/.deploy.lock)"
  fi
  adopt_backend_env

  [[ ! -e $ROOT/releases/$name ]] || fail "$EXIT_FAILED" "$ROOT/releases/$name exists already"
  release_dir=$ROOT/releases/$name
  trap on_exit EXIT
  if [[ -n $FROM ]]; then fetch_from_tarball; else fetch_from_git; fi
  check_release
  run ln -sfn -- "$ENV_FILE" "$release_dir/.env"

  log "Installing, building and migrating"
  run_in "$release_dir" "$NPM" ci --include=dev --no-audit --no-fund
  run_in "$release_dir" "$NPM" run build
  run_in "$release_dir" "$NPM" run migrate

  log "Switching current to $name (previous: ${previous:-none})"
  switched=true
  switch_to "$name"
  if ! pm2_reload; then
    warn "pm2 reload failed"
    rollback "$name" "$previous"
  fi
  if ! health_check; then rollback "$name" "$previous"; fi
  if $DRY_RUN; then rollback "$name" "$previous"; fi

  run "$PM2" save
  prune_releases "$name"
  if $DRY_RUN; then
    log "Dry run complete: nothing was changed"
  else
    log "Deployed $name in $((SECONDS - started)) s (previous: ${previous:-none})"
  fi
}

main "$@"
