#!/usr/bin/env bash
# Provision a fresh Ubuntu 24.04 LTS server for Tafuta (seed PRD-06 "Server Infrastructure" and "Security").
#
#   sudo deploy/provision.sh --domain tafuta.ke --admin-email ops@tafuta.ke
#   deploy/provision.sh --dry-run --domain tafuta.ke --admin-email ops@tafuta.ke    # plan only, any user
#
# Idempotent: every step looks at the machine first and acts only when something is missing or different,
# so a second run prints only "[ok]" lines. With --dry-run each action is printed as one "[dry-run] …" line
# and nothing is changed. Configuration goes into drop-in files (sshd_config.d, conf.d, jail.d, apt.conf.d),
# never into the packages' own conffiles, so package upgrades never stop at a conffile prompt.
#
# Sources of software: Node.js 22 from the NodeSource apt repository (signed with NodeSource's key, pinned
# above Ubuntu's older nodejs); PostgreSQL 16 from Ubuntu 24.04 (the seed asks for 15+); Caddy from its
# official apt repository (Cloudsmith, signed); PM2 from npm, same major as the repository's devDependency.
set -euo pipefail
shopt -s nullglob

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly SCRIPT_DIR REPO_DIR

readonly APP_USER=tafuta
readonly APP_HOME=/var/www/tafuta
readonly MEDIA_DIR=/var/www/media
# PRD-06's place for it. The first deploy.sh moves it to shared/.env and links that into every release,
# after which this path (backend → current → release/.env → shared/.env) still leads to it.
readonly ENV_FILE="$APP_HOME/backend/.env"
readonly BACKUP_ROOT=/var/backups/tafuta
# SEC-06: visitors reach the app through Cloudflare, then Caddy on this host; only those hops' forwarded
# addresses are believed. Cloudflare's published ranges (https://www.cloudflare.com/ips/), checked 2026-11.
readonly TRUST_PROXY_LIST="loopback,173.245.48.0/20,103.21.244.0/22,103.22.200.0/22,103.31.4.0/22,141.101.64.0/18,108.162.192.0/18,190.93.240.0/20,188.114.96.0/20,197.234.240.0/22,198.41.128.0/17,162.158.0.0/15,104.16.0.0/13,104.24.0.0/14,172.64.0.0/13,131.0.72.0/22,2400:cb00::/32,2606:4700::/32,2803:f800::/32,2405:b500::/32,2405:8100::/32,2a06:98c0::/29,2c0f:f248::/32"
readonly TIMEZONE=Africa/Nairobi
readonly NODE_MAJOR=22
readonly PM2_MAJOR=7
readonly DEFAULT_PG_MAJOR=16
readonly DB_NAME=tafuta
readonly DB_ROLE=tafuta
# First value wins in sshd, and cloud images ship 50-cloud-init.conf (often "PasswordAuthentication yes"),
# so our drop-in must sort before it.
readonly SSHD_DROPIN=/etc/ssh/sshd_config.d/10-tafuta.conf
readonly LOGROTATE_SRC="$SCRIPT_DIR/logrotate/tafuta"
# /etc/cron.d files (their sixth field is the user), installed when this checkout has them.
readonly CRON_FILES=("backup/crontab:tafuta-backup" "monitoring/crontab:tafuta-monitoring")
readonly SECRET_KEYS=(SESSION_SECRET JWT_SECRET OTP_SECRET LINK_SIGNING_SECRET SMS_CALLBACK_TOKEN)

export DEBIAN_FRONTEND=noninteractive

DRY_RUN=0
ROOT=""
DOMAIN=""
ADMIN_EMAIL=""
APT_FRESH=0
FILE_CHANGED=0
CADDY_REPO_ADDED=0
SSH_NOT_HARDENED=""

usage() {
  cat <<'EOF'
Usage: provision.sh --domain DOMAIN --admin-email EMAIL [--dry-run [--root DIR]]

Turns a fresh Ubuntu 24.04 server into a Tafuta host: Node.js 22 (NodeSource), PostgreSQL 16 on
localhost only with a "tafuta" database and role, Caddy (official repository), PM2 started at boot for
the "tafuta" system user, the /var/www/tafuta, /var/www/media and /var/backups/tafuta folders, the
backend/.env with generated secrets (mode 600), UFW allowing only 22/80/443, SSH keys-only with no root
login, unattended-upgrades, fail2ban for SSH, log rotation, the backup and health-check cron files and
the Africa/Nairobi time zone. Safe to run again: it only fixes what differs.

Options:
  --domain DOMAIN       public apex domain, e.g. tafuta.ke (APP_URL, SITE_APEX_DOMAIN, Caddy's SITE_DOMAIN)
  --admin-email EMAIL   operator address: ALERT_EMAILS in .env, Caddy's ACME_EMAIL (certificate notices)
  --dry-run             print every action as one "[dry-run] ..." line and change nothing; needs no root
  --root DIR            with --dry-run: inspect DIR as if it were "/" (an empty folder shows the full
                        plan for a fresh server); package, user and service state are read from it too
  -h, --help            show this help

SSH hardening is refused (and the run ends with exit status 3) while no member of the sudo group has an
authorized_keys file, so the operator cannot be locked out; add a key and run the script again.
EOF
}

die() {
  printf 'provision.sh: error: %s\n' "$*" >&2
  exit 1
}

usage_error() {
  printf 'provision.sh: %s\n' "$*" >&2
  printf 'Try "provision.sh --help".\n' >&2
  exit 2
}

step() { printf '\n== %s\n' "$*"; }
ok() { printf '[ok] %s\n' "$*"; }
warn() { printf '[warning] %s\n' "$*" >&2; }

# Prints a command the way a person would type it: plain words as they are, anything else shell-quoted.
format_command() {
  local arg out=""
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      out+=" $arg"
    else
      out+=" $(printf '%q' "$arg")"
    fi
  done
  printf '%s' "${out# }"
}

# Every change to the machine goes through run (or a helper that prints the same way).
run() {
  if ((DRY_RUN)); then
    printf '[dry-run] %s\n' "$(format_command "$@")"
  else
    printf '[run] %s\n' "$(format_command "$@")"
    "$@"
  fi
}

# Announces an action whose arguments must not be printed (secrets); returns 1 in dry-run so the caller
# skips the real work: `announce "..." || return 0`.
announce() {
  if ((DRY_RUN)); then
    printf '[dry-run] %s\n' "$*"
    return 1
  fi
  printf '[run] %s\n' "$*"
}

# ---------------------------------------------------------------------------------------------------------
# Looking at the machine (read-only; under --root everything is read from DIR)

is_live_root() { ((EUID == 0)) && [[ -z $ROOT ]]; }

# passwd/group entry by name, from NSS on the machine or from DIR/etc under --root.
db_entry() {
  local db=$1 name=$2
  if [[ -z $ROOT ]]; then
    getent "$db" "$name" || true
  elif [[ -r $ROOT/etc/$db ]]; then
    awk -F: -v n="$name" '$1 == n { print; exit }' "$ROOT/etc/$db"
  fi
}

pkg_version() {
  dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Status}\t${Version}\n' "$1" 2>/dev/null |
    awk -F'\t' '$1 == "install ok installed" { print $2 }' || true
}

pkg_installed() { [[ -n $(pkg_version "$1") ]]; }

service_active() { [[ -z $ROOT ]] && systemctl is-active --quiet "$1" 2>/dev/null; }
service_enabled() { [[ -z $ROOT ]] && systemctl is-enabled --quiet "$1" 2>/dev/null; }

# value of KEY in an env file ("" when unset, empty or unreadable)
env_get() {
  local file=$1 key=$2
  [[ -r $file ]] || return 0
  awk -v k="$key" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$file"
}

# ---------------------------------------------------------------------------------------------------------
# Changing the machine

ensure_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    pkg_installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    ok "installed: $*"
    return 0
  fi
  apt_refresh
  run apt-get install -y "${missing[@]}"
}

apt_refresh() {
  if ((!APT_FRESH)); then
    run apt-get update
    APT_FRESH=1
  fi
}

# One line per non-comment line of a file's content, for the dry-run plan.
summarize() {
  printf '%s\n' "$1" | awk '!/^[[:space:]]*(#|$)/ { sub(/^[[:space:]]+/, ""); out = out (out ? " | " : "") $0 } END { print out }'
}

# write_file PATH MODE OWNER GROUP CONTENT: installs CONTENT (plus a final newline) unless already there.
# Sets FILE_CHANGED for callers that reload a service.
write_file() {
  local path=$1 mode=$2 owner=$3 group=$4 content=$5
  local target="$ROOT$path" tmp
  FILE_CHANGED=0
  if [[ -f $target ]] && printf '%s\n' "$content" | cmp -s - "$target"; then
    ok "$path is up to date"
    return 0
  fi
  FILE_CHANGED=1
  if ((DRY_RUN)); then
    printf '[dry-run] write %s (%s %s:%s): %s\n' "$target" "$mode" "$owner" "$group" "$(summarize "$content")"
    return 0
  fi
  printf '[run] write %s (%s %s:%s)\n' "$target" "$mode" "$owner" "$group"
  [[ -d ${target%/*} ]] || install -d -m 0755 "${target%/*}"
  tmp=$(mktemp "$target.XXXXXX")
  printf '%s\n' "$content" >"$tmp"
  chown "$owner:$group" "$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$target"
}

# install_file SOURCE PATH MODE OWNER GROUP: copies a file of this repository unless identical.
install_file() {
  local source=$1 path=$2 mode=$3 owner=$4 group=$5
  FILE_CHANGED=0
  if [[ -f $ROOT$path ]] && cmp -s "$source" "$ROOT$path"; then
    ok "$path is up to date"
    return 0
  fi
  FILE_CHANGED=1
  run install -m "$mode" -o "$owner" -g "$group" "$source" "$ROOT$path"
}

# ensure_private_file PATH OWNER GROUP MODE CONTENT: creates a file an operator fills in (credentials) with
# CONTENT when it is missing; an existing one keeps its content and only gets its owner and mode fixed.
ensure_private_file() {
  local path=$1 owner=$2 group=$3 mode=$4 content=$5
  local target="$ROOT$path" have want
  if [[ ! -e $target ]]; then
    if ((DRY_RUN)); then
      printf '[dry-run] create %s (%s %s:%s)\n' "$target" "$mode" "$owner" "$group"
      return 0
    fi
    printf '[run] create %s (%s %s:%s)\n' "$target" "$mode" "$owner" "$group"
    [[ -d ${target%/*} ]] || install -d -m 0755 "${target%/*}"
    install -m "$mode" -o "$owner" -g "$group" /dev/null "$target"
    printf '%s\n' "$content" >"$target"
    return 0
  fi
  want=$(printf '%o' "$((8#$mode))")
  have=$(stat -c '%U:%G %a' "$target")
  [[ ${have% *} == "$owner:$group" ]] || run chown "$owner:$group" "$target"
  [[ ${have#* } == "$want" ]] || run chmod "$mode" "$target"
  [[ $have != "$owner:$group $want" ]] || ok "$path exists ($owner:$group $mode)"
}

# ensure_dir PATH OWNER GROUP MODE: creates the folder, or corrects its owner and mode.
ensure_dir() {
  local path=$1 owner=$2 group=$3 mode=$4
  local target="$ROOT$path" want have
  if [[ -L $target ]]; then
    ok "$path is a symlink (managed by deploy.sh); left alone"
    return 0
  fi
  if [[ ! -d $target ]]; then
    run install -d -o "$owner" -g "$group" -m "$mode" "$target"
    return 0
  fi
  want=$(printf '%o' "$((8#$mode))")
  have=$(stat -c '%U:%G %a' "$target")
  if [[ ${have% *} != "$owner:$group" ]]; then
    run chown "$owner:$group" "$target"
  fi
  if [[ ${have#* } != "$want" ]]; then
    run chmod "$mode" "$target"
  fi
  if [[ $have == "$owner:$group $want" ]]; then
    ok "$path $owner:$group $mode"
  fi
}

apt_repository() { # apt_repository NAME KEY_URL SOURCES_LINE → FILE_CHANGED=1 when the list changed
  local name=$1 key_url=$2 line=$3
  if [[ -s $ROOT/etc/apt/keyrings/$name.asc ]]; then
    ok "/etc/apt/keyrings/$name.asc present"
  else
    # apt (2.4+) reads ASCII-armoured keys directly when the file ends in .asc; no gpg --dearmor needed.
    run curl -fsSL --proto '=https' -o "$ROOT/etc/apt/keyrings/$name.asc" "$key_url"
    run chmod 0644 "$ROOT/etc/apt/keyrings/$name.asc"
  fi
  write_file "/etc/apt/sources.list.d/$name.list" 0644 root root "$line"
  if ((FILE_CHANGED)); then
    APT_FRESH=0
  fi
}

# ---------------------------------------------------------------------------------------------------------
# Steps

check_system() {
  step "System"
  local os_id="" os_version=""
  if [[ -r $ROOT/etc/os-release ]]; then
    os_id=$(awk -F= '$1 == "ID" { gsub(/"/, "", $2); print $2 }' "$ROOT/etc/os-release")
    os_version=$(awk -F= '$1 == "VERSION_ID" { gsub(/"/, "", $2); print $2 }' "$ROOT/etc/os-release")
  fi
  if [[ $os_id == ubuntu && $os_version == 24.04 ]]; then
    ok "Ubuntu 24.04"
  elif ((DRY_RUN)); then
    warn "this is not Ubuntu 24.04 (${os_id:-unknown} ${os_version:-}); a real run would stop here"
  else
    die "written for Ubuntu 24.04 LTS; this is ${os_id:-unknown} ${os_version:-}"
  fi
  ensure_packages ca-certificates curl openssl
  # Cron times (backups at 02:00…04:30 EAT) and the business day are Africa/Nairobi.
  local zone=""
  [[ -L $ROOT/etc/localtime ]] && zone=$(readlink "$ROOT/etc/localtime")
  if [[ $zone == */zoneinfo/$TIMEZONE ]]; then
    ok "time zone $TIMEZONE"
  else
    run timedatectl set-timezone "$TIMEZONE"
  fi
}

setup_app_user() {
  step "System user $APP_USER"
  local entry home shell
  entry=$(db_entry passwd "$APP_USER")
  if [[ -z $entry ]]; then
    run useradd --system --user-group --home-dir "$APP_HOME" --no-create-home \
      --shell /usr/sbin/nologin --comment "Tafuta application" "$APP_USER"
    return 0
  fi
  home=$(cut -d: -f6 <<<"$entry")
  shell=$(cut -d: -f7 <<<"$entry")
  [[ $home == "$APP_HOME" ]] || run usermod --home "$APP_HOME" "$APP_USER"
  [[ $shell == /usr/sbin/nologin ]] || run usermod --shell /usr/sbin/nologin "$APP_USER"
  if [[ $home == "$APP_HOME" && $shell == /usr/sbin/nologin ]]; then
    ok "user $APP_USER exists (home $APP_HOME, no login shell)"
  fi
}

setup_repositories() {
  step "Apt repositories: NodeSource (Node.js $NODE_MAJOR) and Caddy"
  ensure_dir /etc/apt/keyrings root root 0755
  apt_repository nodesource https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key \
    "deb [signed-by=/etc/apt/keyrings/nodesource.asc] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main"
  # Ubuntu 24.04 ships nodejs 18; the pin keeps apt on NodeSource's build whatever the version numbers say.
  write_file /etc/apt/preferences.d/nodesource 0644 root root "$(printf '%s\n' \
    "Package: nodejs" \
    "Pin: origin deb.nodesource.com" \
    "Pin-Priority: 600")"
  apt_repository caddy-stable https://dl.cloudsmith.io/public/caddy/stable/gpg.key \
    "deb [signed-by=/etc/apt/keyrings/caddy-stable.asc] https://dl.cloudsmith.io/public/caddy/stable/deb/debian any-version main"
  CADDY_REPO_ADDED=$FILE_CHANGED
}

setup_node() {
  step "Node.js $NODE_MAJOR"
  local version
  version=$(pkg_version nodejs)
  if [[ $version == "$NODE_MAJOR".* ]]; then
    ok "nodejs $version"
  else
    apt_refresh
    run apt-get install -y nodejs
  fi
}

pg_major() {
  local dirs=("$ROOT"/etc/postgresql/*/main)
  if ((${#dirs[@]} > 0)); then
    basename "$(dirname "${dirs[-1]}")"
  else
    printf '%s' "$DEFAULT_PG_MAJOR"
  fi
}

setup_postgres() {
  step "PostgreSQL (Ubuntu 24.04: 16) on localhost only"
  ensure_packages postgresql
  local major
  major=$(pg_major)
  # Ubuntu's postgresql.conf reads conf.d/; stating it here keeps it true whatever the packaged default.
  write_file "/etc/postgresql/$major/main/conf.d/60-tafuta.conf" 0644 postgres postgres "$(printf '%s\n' \
    "# Managed by tafuta deploy/provision.sh: the database is reachable from this machine only." \
    "listen_addresses = 'localhost'")"
  if ((FILE_CHANGED)); then
    run systemctl restart "postgresql@$major-main"
  fi
  if service_enabled postgresql && service_active postgresql; then
    ok "postgresql enabled and running"
  else
    run systemctl enable --now postgresql
  fi
  if ((!DRY_RUN)); then
    local listen
    listen=$(pg_query "SHOW listen_addresses")
    [[ $listen == localhost ]] || die "PostgreSQL listen_addresses is '$listen', expected 'localhost'"
    ok "PostgreSQL listens on localhost only"
  fi
}

# Read-only query as the postgres superuser; prints nothing when it cannot ask (dry-run, no server).
pg_query() {
  is_live_root || return 0
  command -v psql >/dev/null || return 0
  timeout 20 runuser -u postgres -- psql -XtAq -d postgres -c "$1" 2>/dev/null || true
}

pg_exec() { # pg_exec DESCRIPTION SQL — the SQL goes through stdin so a password never shows in `ps`
  announce "psql as postgres: $1" || return 0
  printf '%s\n' "$2" | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres
}

setup_database() {
  step "Database $DB_NAME and role $DB_ROLE"
  local env_target="$ROOT$ENV_FILE" url password shown="postgres://$DB_ROLE:<generated>@localhost:5432/$DB_NAME"
  url=$(env_get "$env_target" DATABASE_URL)
  if [[ -n $(pg_query "SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE'") ]]; then
    if [[ -n $url ]]; then
      ok "role $DB_ROLE exists and DATABASE_URL is set"
    else
      # The role exists but its password was never written down: give it a new one and record it.
      password=$(new_db_password)
      pg_exec "ALTER ROLE $DB_ROLE PASSWORD '<generated: openssl rand -hex 32>'" \
        "ALTER ROLE $DB_ROLE WITH LOGIN PASSWORD '$password';"
      env_set "$env_target" DATABASE_URL "$(database_url "$password")" "$shown"
    fi
  else
    # A rebuilt server restored with its old .env keeps the password recorded there.
    password=$(sed -n "s#^postgres\(ql\)\?://$DB_ROLE:\([0-9a-f]\{64\}\)@\(localhost\|127\.0\.0\.1\)[:/].*#\2#p" <<<"$url")
    if [[ -n $url && -z $password ]]; then
      warn "DATABASE_URL in $ENV_FILE points somewhere else; local role and database not created"
      return 0
    fi
    [[ -n $password ]] || password=$(new_db_password)
    pg_exec "CREATE ROLE $DB_ROLE LOGIN PASSWORD '<generated: openssl rand -hex 32>'" \
      "CREATE ROLE $DB_ROLE WITH LOGIN PASSWORD '$password';"
    [[ -n $url ]] || env_set "$env_target" DATABASE_URL "$(database_url "$password")" "$shown"
  fi
  if [[ -n $(pg_query "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
    ok "database $DB_NAME exists"
  else
    run runuser -u postgres -- createdb --owner="$DB_ROLE" --encoding=UTF8 "$DB_NAME"
  fi
}

# Hex, so the password needs no escaping inside the DATABASE_URL.
new_db_password() {
  if ((DRY_RUN)); then printf 'dry-run'; else openssl rand -hex 32; fi
}

database_url() { printf 'postgres://%s:%s@localhost:5432/%s' "$DB_ROLE" "$1" "$DB_NAME"; }

setup_caddy() {
  step "Caddy (official apt repository)"
  if pkg_installed caddy && ((!CADDY_REPO_ADDED)); then
    ok "caddy $(pkg_version caddy)"
  else
    # Also replaces Ubuntu's older caddy when the official repository has just been added.
    apt_refresh
    run apt-get install -y caddy
  fi
  # deploy/Caddyfile reads {$SITE_DOMAIN} and {$ACME_EMAIL}; the Cloudflare token and TAFUTA_TLS_DNS
  # (which needs a Caddy built with the DNS plugin, deploy/caddy/tls-dns-cloudflare.caddy) go in caddy.env.
  write_file /etc/systemd/system/caddy.service.d/10-tafuta.conf 0644 root root "$(printf '%s\n' \
    "# Managed by tafuta deploy/provision.sh" \
    "[Service]" \
    "Environment=SITE_DOMAIN=$DOMAIN" \
    "Environment=ACME_EMAIL=$ADMIN_EMAIL" \
    "EnvironmentFile=-/etc/caddy/caddy.env")"
  local unit_changed=$FILE_CHANGED
  ensure_private_file /etc/caddy/caddy.env root root 0600 "$(printf '%s\n' \
    "# Caddy's secrets (root only). Once caddy is built with the Cloudflare DNS plugin:" \
    "# TAFUTA_TLS_DNS=cloudflare" \
    "# CLOUDFLARE_API_TOKEN=")"
  if ((unit_changed)); then
    run systemctl daemon-reload
    run systemctl try-restart caddy
  fi
}

setup_directories() {
  step "Folders (seed PRD-06 directory structure)"
  # Caddy (user caddy, group caddy) traverses /var/www/tafuta to serve frontend/dist (a link into
  # releases/, see deploy.sh) and to write logs/access.log, and reads /var/www/media. It never gets into
  # backend/ and shared/ (code, .env), uploads/ (profile photos are served by the app, media.md MEDIA-305), .pm2/ or the
  # backups. The app creates media sub-folders 0755 and files 0644 (MEDIA-010), so the top folder's group
  # decides who can read them. backend/ and frontend/ start as folders; deploy.sh turns them into links.
  ensure_dir /var/www root root 0755
  ensure_dir "$APP_HOME" "$APP_USER" caddy 0750
  ensure_dir "$APP_HOME/.pm2" "$APP_USER" "$APP_USER" 0700
  ensure_dir "$APP_HOME/shared" "$APP_USER" "$APP_USER" 0750
  ensure_dir "$APP_HOME/backend" "$APP_USER" "$APP_USER" 0750
  ensure_dir "$APP_HOME/frontend" "$APP_USER" caddy 0750
  ensure_dir "$APP_HOME/releases" "$APP_USER" caddy 0750
  ensure_dir "$APP_HOME/uploads" "$APP_USER" "$APP_USER" 0750
  # DATA_DIR: the health-watch and critical-alert state, outside the releases so deploys keep it.
  ensure_dir "$APP_HOME/data" "$APP_USER" "$APP_USER" 0700
  ensure_dir "$APP_HOME/uploads/users" "$APP_USER" "$APP_USER" 0750
  # Group caddy may create its access.log here; the sticky bit stops it from renaming or deleting the
  # app's logs.
  ensure_dir "$APP_HOME/logs" "$APP_USER" caddy 1770
  ensure_dir "$MEDIA_DIR" "$APP_USER" caddy 0750
  # deploy/backup: day folders with database dumps and archives (personal data), and the site settings.
  ensure_dir "$BACKUP_ROOT" "$APP_USER" "$APP_USER" 0700
  ensure_dir /etc/tafuta root "$APP_USER" 0750
  ensure_private_file /etc/tafuta/backup.env root "$APP_USER" 0640 \
    "# Settings that differ from deploy/backup/backup.env.example (KEY=value lines)."
  ensure_private_file /etc/tafuta/rclone.conf root "$APP_USER" 0640 \
    "# The off-site remote named in RCLONE_REMOTE (default \"offsite\"), e.g. [offsite] type = b2 …"
}

# env_set FILE KEY VALUE SHOWN: sets KEY (replacing its line or appending one); SHOWN is what gets printed.
env_set() {
  local file=$1 key=$2 value=$3 shown=$4
  announce "set $key=$shown in $file" || return 0
  local tmp
  tmp=$(mktemp)
  KEY=$key VALUE=$value awk '
    BEGIN { k = ENVIRON["KEY"]; v = ENVIRON["VALUE"] }
    index($0, k "=") == 1 { print k "=" v; done = 1; next }
    { print }
    END { if (!done) print k "=" v }' "$file" >"$tmp"
  cat "$tmp" >"$file" # keeps the file's owner and mode 600
  rm -f "$tmp"
}

setup_env_file() {
  step "Environment file $ENV_FILE"
  local target="$ROOT$ENV_FILE" created=0 key secret
  if [[ -e $target ]]; then
    ok "$ENV_FILE exists; only empty settings are filled in"
    local have
    have=$(stat -L -c '%U:%G %a' "$target")
    [[ ${have% *} == "$APP_USER:$APP_USER" ]] || run chown "$APP_USER:$APP_USER" "$target"
    [[ ${have#* } == 600 ]] || run chmod 600 "$target"
    if [[ ! -r $target ]]; then
      ok "cannot read $ENV_FILE as $(id -un); settings already there are kept"
      return 0
    fi
  else
    [[ -f $REPO_DIR/.env.example ]] || die "no $REPO_DIR/.env.example to create $ENV_FILE from"
    run install -m 600 -o "$APP_USER" -g "$APP_USER" "$REPO_DIR/.env.example" "$target"
    created=1
  fi

  # Settings that follow from this server; on an existing .env only empty ones are filled.
  local settings=(
    "APP_URL=https://$DOMAIN"
    "SITE_APEX_DOMAIN=$DOMAIN"
    "HOST=127.0.0.1"
    "UPLOAD_PATH=$APP_HOME/uploads"
    "MEDIA_PATH=$MEDIA_DIR"
    "LOG_DIR=$APP_HOME/logs"
    "DATA_DIR=$APP_HOME/data"
    "TRUST_PROXY=$TRUST_PROXY_LIST"
    "PESAPAL_CALLBACK_URL=https://$DOMAIN/config/payments/return"
    "PESAPAL_IPN_URL=https://$DOMAIN/api/payments/webhook"
    "ALERT_EMAILS=$ADMIN_EMAIL"
  )
  local setting current
  if ((created)); then
    env_set "$target" NODE_ENV production production
  elif [[ $(env_get "$target" NODE_ENV) != production ]]; then
    warn "NODE_ENV in $ENV_FILE is not \"production\"; left as it is"
  fi
  for setting in "${settings[@]}"; do
    key=${setting%%=*}
    current=$(env_get "$target" "$key")
    # A fresh copy holds the example's development values (HOST=0.0.0.0, SITE_APEX_DOMAIN=tafuta.ke).
    if ((created)) || [[ -z $current ]]; then
      [[ $current == "${setting#*=}" ]] || env_set "$target" "$key" "${setting#*=}" "${setting#*=}"
    fi
  done
  for key in "${SECRET_KEYS[@]}"; do
    if [[ -n $(env_get "$target" "$key") ]]; then
      ok "$key is set"
    else
      secret=""
      ((DRY_RUN)) || secret=$(openssl rand -base64 48)
      env_set "$target" "$key" "$secret" "<generated: openssl rand -base64 48>"
    fi
  done
}

setup_pm2() {
  step "PM2 (starts the app's processes at boot as $APP_USER)"
  if [[ -x $ROOT/usr/bin/pm2 ]]; then
    ok "pm2 installed"
  else
    run npm install -g "pm2@$PM2_MAJOR"
  fi
  if [[ -f $ROOT/etc/systemd/system/pm2-$APP_USER.service ]]; then
    ok "pm2-$APP_USER.service present"
  else
    run pm2 startup systemd -u "$APP_USER" --hp "$APP_HOME"
  fi
  if service_active "pm2-$APP_USER"; then
    ok "pm2-$APP_USER running"
  else
    run systemctl enable --now "pm2-$APP_USER"
  fi
  # deploy.sh saves the real process list after it starts the app; until then resurrect an empty one.
  if [[ -f $ROOT$APP_HOME/.pm2/dump.pm2 ]]; then
    ok "PM2 process list saved"
  else
    run runuser -u "$APP_USER" -- env HOME="$APP_HOME" PM2_HOME="$APP_HOME/.pm2" pm2 save --force
  fi
}

setup_firewall() {
  step "Firewall (UFW): 22, 80 and 443 in, everything else refused"
  ensure_packages ufw
  local port rules="$ROOT/etc/ufw/user.rules"
  # Allow SSH before enabling, or the current session would be cut.
  for port in 22 80 443; do
    if [[ -r $rules ]] && grep -Eq "^### tuple ### allow tcp $port 0\.0\.0\.0/0 any 0\.0\.0\.0/0 in( |$)" "$rules"; then
      ok "ufw allows $port/tcp"
    else
      run ufw allow "$port/tcp"
    fi
  done
  if grep -qx 'DEFAULT_INPUT_POLICY="DROP"' "$ROOT/etc/default/ufw" 2>/dev/null; then
    ok "ufw denies other incoming traffic"
  else
    run ufw default deny incoming
  fi
  if grep -qx 'DEFAULT_OUTPUT_POLICY="ACCEPT"' "$ROOT/etc/default/ufw" 2>/dev/null; then
    ok "ufw allows outgoing traffic"
  else
    run ufw default allow outgoing
  fi
  if grep -qx 'ENABLED=yes' "$ROOT/etc/ufw/ufw.conf" 2>/dev/null; then
    ok "ufw enabled"
  else
    run ufw --force enable
  fi
  if [[ -r $rules ]]; then
    local extra
    extra=$(grep '^### tuple ###' "$rules" | grep -Ev ' allow tcp (22|80|443) 0\.0\.0\.0/0 any 0\.0\.0\.0/0 in( |$)' || true)
    [[ -z $extra ]] || warn "UFW has rules beyond 22/80/443 (review with: ufw status numbered): ${extra//$'\n'/; }"
  fi
}

# Members of sudo/admin with a non-empty authorized_keys: the people who can still get in afterwards.
sudo_users_with_keys() {
  local group entry members user home file
  for group in sudo admin; do
    entry=$(db_entry group "$group")
    members=${entry##*:}
    for user in ${members//,/ }; do
      home=$(db_entry passwd "$user" | cut -d: -f6)
      [[ -n $home ]] || continue
      for file in "$ROOT$home/.ssh/authorized_keys" "$ROOT$home/.ssh/authorized_keys2"; do
        if [[ -r $file ]] && grep -Eqv '^[[:space:]]*(#|$)' "$file"; then
          printf '%s\n' "$user"
          break
        fi
      done
    done
  done
}

setup_ssh() {
  step "SSH: keys only, no root login"
  local content
  content=$(printf '%s\n' \
    "# Managed by tafuta deploy/provision.sh (seed PRD-06 Security)." \
    "PermitRootLogin no" \
    "PasswordAuthentication no" \
    "KbdInteractiveAuthentication no" \
    "PubkeyAuthentication yes")
  if [[ -f $ROOT$SSHD_DROPIN ]] && printf '%s\n' "$content" | cmp -s - "$ROOT$SSHD_DROPIN"; then
    ok "$SSHD_DROPIN is up to date"
    return 0
  fi
  local admins
  admins=$(sudo_users_with_keys)
  if [[ -z $admins ]]; then
    SSH_NOT_HARDENED="no member of the sudo group has ~/.ssh/authorized_keys"
    warn "refusing to disable password and root logins: $SSH_NOT_HARDENED (that would lock you out)."
    warn "add a key (ssh-copy-id) for a sudo user, then run provision.sh again"
    return 0
  fi
  ok "sudo users with SSH keys: ${admins//$'\n'/, }"
  write_file "$SSHD_DROPIN" 0644 root root "$content"
  # sshd -t needs its privilege-separation folder, which only a running ssh.service creates.
  if ((!DRY_RUN)) && [[ ! -d /run/sshd ]]; then
    install -d -m 0755 /run/sshd
  fi
  if ! run sshd -t; then
    rm -f "$SSHD_DROPIN"
    die "sshd -t rejected the configuration; $SSHD_DROPIN removed, sshd left as it was"
  fi
  # Ubuntu 24.04 starts ssh.service through ssh.socket; reload it only if it is running.
  run systemctl try-reload-or-restart ssh.service
  if ! ((DRY_RUN)); then
    local effective setting
    effective=$(sshd -T)
    for setting in "permitrootlogin no" "passwordauthentication no" "kbdinteractiveauthentication no"; do
      if ! grep -qx "$setting" <<<"$effective"; then
        SSH_NOT_HARDENED="sshd -T does not report \"$setting\"; an earlier file in /etc/ssh/sshd_config.d or sshd_config overrides it"
        warn "$SSH_NOT_HARDENED"
      fi
    done
  fi
}

setup_unattended_upgrades() {
  step "Automatic security updates (unattended-upgrades)"
  ensure_packages unattended-upgrades
  write_file /etc/apt/apt.conf.d/20auto-upgrades 0644 root root "$(printf '%s\n' \
    'APT::Periodic::Update-Package-Lists "1";' \
    'APT::Periodic::Unattended-Upgrade "1";')"
  if service_enabled unattended-upgrades; then
    ok "unattended-upgrades enabled"
  else
    run systemctl enable --now unattended-upgrades
  fi
}

setup_fail2ban() {
  step "fail2ban: sshd jail"
  ensure_packages fail2ban python3-systemd
  write_file /etc/fail2ban/jail.d/tafuta.local 0644 root root "$(printf '%s\n' \
    "# Managed by tafuta deploy/provision.sh: ban SSH brute-force sources for an hour." \
    "[sshd]" \
    "enabled = true" \
    "port = ssh" \
    "backend = systemd" \
    "maxretry = 5" \
    "findtime = 10m" \
    "bantime = 1h")"
  local changed=$FILE_CHANGED
  if ((changed)) && ! run fail2ban-client --test; then
    rm -f /etc/fail2ban/jail.d/tafuta.local
    die "fail2ban-client --test rejected the sshd jail; /etc/fail2ban/jail.d/tafuta.local removed"
  fi
  if service_enabled fail2ban && service_active fail2ban; then
    ok "fail2ban enabled and running"
    if ((changed)); then
      run systemctl reload-or-restart fail2ban
    fi
  else
    run systemctl enable --now fail2ban
  fi
}

setup_logrotate() {
  step "Log rotation (logrotate)"
  ensure_packages logrotate
  install_file "$LOGROTATE_SRC" /etc/logrotate.d/tafuta 0644 root root
  if ((FILE_CHANGED)) && ! ((DRY_RUN)); then
    logrotate -d /etc/logrotate.d/tafuta >/dev/null 2>&1 || die "logrotate rejected /etc/logrotate.d/tafuta (check: logrotate -d /etc/logrotate.d/tafuta)"
  fi
}

setup_cron_files() {
  step "Cron: backups and the health check"
  ensure_packages cron rclone
  local entry source name
  for entry in "${CRON_FILES[@]}"; do
    source="$SCRIPT_DIR/${entry%%:*}"
    name=${entry#*:}
    if [[ -f $source ]]; then
      install_file "$source" "/etc/cron.d/$name" 0644 root root
    else
      ok "no deploy/${entry%%:*} in this checkout; /etc/cron.d/$name skipped"
    fi
  done
}

# ---------------------------------------------------------------------------------------------------------

parse_args() {
  while (($# > 0)); do
    case $1 in
      --dry-run) DRY_RUN=1 ;;
      --domain | --admin-email | --root)
        (($# >= 2)) || usage_error "$1 needs a value"
        case $1 in
          --domain) DOMAIN=$2 ;;
          --admin-email) ADMIN_EMAIL=$2 ;;
          --root) ROOT=$2 ;;
        esac
        shift
        ;;
      --domain=*) DOMAIN=${1#*=} ;;
      --admin-email=*) ADMIN_EMAIL=${1#*=} ;;
      --root=*) ROOT=${1#*=} ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) usage_error "unknown option: $1" ;;
    esac
    shift
  done

  [[ -n $DOMAIN ]] || usage_error "--domain is required (e.g. --domain tafuta.ke)"
  [[ $DOMAIN =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$ ]] ||
    usage_error "--domain must be a lower-case host name such as tafuta.ke (got \"$DOMAIN\")"
  [[ -n $ADMIN_EMAIL ]] || usage_error "--admin-email is required (e.g. --admin-email ops@tafuta.ke)"
  [[ $ADMIN_EMAIL =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] ||
    usage_error "--admin-email must be an e-mail address (got \"$ADMIN_EMAIL\")"
  if [[ -n $ROOT ]]; then
    ((DRY_RUN)) || usage_error "--root only makes sense with --dry-run"
    [[ -d $ROOT ]] || usage_error "--root $ROOT is not a folder"
    ROOT=$(cd "$ROOT" && pwd)
    [[ $ROOT != / ]] || ROOT=""
  fi
}

main() {
  parse_args "$@"
  if ((!DRY_RUN)) && ((EUID != 0)); then
    die "must run as root to change the system (try: sudo $0 $*), or add --dry-run to print the plan"
  fi
  if ((DRY_RUN)); then
    printf 'Dry run: nothing will be changed%s.\n' "${ROOT:+; the machine is read from $ROOT}"
  else
    exec 9>/run/lock/tafuta-provision.lock
    flock -n 9 || die "another provision.sh is running"
    set -o errtrace
    trap 'printf "provision.sh: failed at line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
  fi

  check_system
  setup_app_user
  setup_repositories
  setup_node
  setup_postgres
  setup_caddy
  setup_directories
  setup_env_file
  setup_database
  setup_pm2
  setup_firewall
  setup_ssh
  setup_unattended_upgrades
  setup_fail2ban
  setup_logrotate
  setup_cron_files

  step "Done"
  if [[ -n $SSH_NOT_HARDENED ]]; then
    printf 'SSH hardening NOT applied: %s.\n' "$SSH_NOT_HARDENED" >&2
    ((DRY_RUN)) || exit 3
  fi
  if ((DRY_RUN)); then
    printf 'Dry run finished; run as root without --dry-run to apply.\n'
  else
    printf 'Server provisioned. Next: fill in the provider keys in %s, then run deploy/deploy.sh.\n' "$ENV_FILE"
  fi
}

# Sourcing the file (tests of the helpers) defines the functions without provisioning anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
