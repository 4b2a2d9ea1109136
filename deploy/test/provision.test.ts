/**
 * deploy/provision.sh, driven for real in its --dry-run mode (the real run needs a fresh Ubuntu 24.04 VPS
 * and root). The plan must name every step of PRD-06's server setup, print secrets only as placeholders,
 * and leave the machine untouched; a real run by a non-root user must stop with a clear message.
 *
 * Most runs use `--root <tmp>`: the script then reads package, user, service and file state from an
 * almost empty folder, so the plan is the full plan for a fresh server whatever this machine has installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const script = path.join(repoRoot, 'deploy/provision.sh');
const SITE = ['--domain', 'tafuta.ke', '--admin-email', 'ops@tafuta.ke'];
const SECRETS = ['SESSION_SECRET', 'JWT_SECRET', 'OTP_SECRET', 'LINK_SIGNING_SECRET', 'SMS_CALLBACK_TOKEN'];
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const hasSetpriv = fs.existsSync('/usr/bin/setpriv');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function provision(args: string[], options: { uid?: number } = {}): Result {
  const command =
    options.uid === undefined
      ? ['bash', script, ...args]
      : [
          'setpriv',
          `--reuid=${options.uid}`,
          `--regid=${options.uid}`,
          '--clear-groups',
          'bash',
          script,
          ...args,
        ];
  const result = spawnSync(command[0]!, command.slice(1), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The "[dry-run] …" lines, with the --root prefix taken out so paths read as on the server. */
function planOf(result: Result, root: string): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('[dry-run] '))
    .map((line) => line.slice('[dry-run] '.length).replaceAll(root, ''));
}

const roots: string[] = [];
afterEach(() => {
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function write(root: string, file: string, content: string, mode = 0o644): void {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content, { mode });
}

/** A fresh Ubuntu 24.04 as provision.sh sees it: an os-release, and the operator "ops" in the sudo group. */
function freshServer(options: { operatorKey: boolean }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-provision-'));
  roots.push(root);
  write(root, 'etc/os-release', 'NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="24.04"\n');
  write(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nops:x:1000:1000:Ops:/home/ops:/bin/bash\n');
  write(root, 'etc/group', 'root:x:0:\nsudo:x:27:ops\nops:x:1000:\n');
  fs.mkdirSync(path.join(root, 'home/ops/.ssh'), { recursive: true });
  if (options.operatorKey) {
    write(
      root,
      'home/ops/.ssh/authorized_keys',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests ops@laptop\n',
      0o600,
    );
  }
  return root;
}

/** Every path under dir with its type, mode, size and mtime: equal snapshots mean nothing was touched. */
function snapshot(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((entry) => {
      const stat = fs.lstatSync(path.join(dir, entry));
      return `${entry} ${stat.mode.toString(8)} ${stat.size} ${stat.mtimeMs}`;
    });
}

describe('provision.sh --dry-run', () => {
  it('prints the full plan for a fresh server and changes nothing', () => {
    const root = freshServer({ operatorKey: true });
    const before = snapshot(root);
    const hadAppHome = fs.existsSync('/var/www/tafuta');

    const result = provision(['--dry-run', '--root', root, ...SITE]);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const plan = planOf(result, root);
    const step = (pattern: RegExp) => {
      const index = plan.findIndex((line) => pattern.test(line));
      expect(index, `no plan line matches ${pattern}\n${plan.join('\n')}`).toBeGreaterThanOrEqual(0);
      return index;
    };

    // Node.js 22 from NodeSource's signed apt repository
    step(
      /^curl -fsSL .*-o \/etc\/apt\/keyrings\/nodesource\.asc https:\/\/deb\.nodesource\.com\/gpgkey\/nodesource-repo\.gpg\.key$/,
    );
    step(
      /^write \/etc\/apt\/sources\.list\.d\/nodesource\.list .*deb \[signed-by=\/etc\/apt\/keyrings\/nodesource\.asc\] https:\/\/deb\.nodesource\.com\/node_22\.x nodistro main$/,
    );
    step(/^write \/etc\/apt\/preferences\.d\/nodesource .*Pin: origin deb\.nodesource\.com/);
    expect(plan).toContain('apt-get install -y nodejs');

    // PostgreSQL 16 (Ubuntu 24.04's), localhost only, with the tafuta role and database
    expect(plan).toContain('apt-get install -y postgresql');
    step(
      /^write \/etc\/postgresql\/16\/main\/conf\.d\/60-tafuta\.conf \(0644 postgres:postgres\): listen_addresses = 'localhost'$/,
    );
    step(/^psql as postgres: CREATE ROLE tafuta LOGIN PASSWORD '<generated: openssl rand -hex 32>'$/);
    expect(plan).toContain('runuser -u postgres -- createdb --owner=tafuta --encoding=UTF8 tafuta');

    // Caddy from its official repository, told the domain and the ACME e-mail
    step(
      /^write \/etc\/apt\/sources\.list\.d\/caddy-stable\.list .*https:\/\/dl\.cloudsmith\.io\/public\/caddy\/stable\/deb\/debian any-version main$/,
    );
    expect(plan).toContain('apt-get install -y caddy');
    step(
      /^write \/etc\/systemd\/system\/caddy\.service\.d\/10-tafuta\.conf .*SITE_DOMAIN=tafuta\.ke .*ACME_EMAIL=ops@tafuta\.ke/,
    );

    // The system user, then PM2 started at boot for it
    step(
      /^useradd --system --user-group --home-dir \/var\/www\/tafuta --no-create-home --shell \/usr\/sbin\/nologin .*tafuta$/,
    );
    expect(plan).toContain('npm install -g pm2@7');
    const startup = step(/^pm2 startup systemd -u tafuta --hp \/var\/www\/tafuta$/);
    const save = step(/^runuser -u tafuta -- .*PM2_HOME=\/var\/www\/tafuta\/\.pm2 pm2 save --force$/);
    expect(save).toBeGreaterThan(startup);

    // The seed's directory structure with owners and modes
    const folders: [string, string, string, string][] = [
      ['/var/www/tafuta', 'tafuta', 'caddy', '0750'],
      ['/var/www/tafuta/shared', 'tafuta', 'tafuta', '0750'],
      ['/var/www/tafuta/backend', 'tafuta', 'tafuta', '0750'],
      ['/var/www/tafuta/frontend', 'tafuta', 'caddy', '0750'],
      ['/var/www/tafuta/releases', 'tafuta', 'caddy', '0750'],
      ['/var/www/tafuta/uploads', 'tafuta', 'tafuta', '0750'],
      ['/var/www/tafuta/uploads/users', 'tafuta', 'tafuta', '0750'],
      ['/var/www/tafuta/logs', 'tafuta', 'caddy', '1770'],
      ['/var/www/tafuta/.pm2', 'tafuta', 'tafuta', '0700'],
      ['/var/www/media', 'tafuta', 'caddy', '0750'],
      ['/var/backups/tafuta', 'tafuta', 'tafuta', '0700'],
      ['/etc/tafuta', 'root', 'tafuta', '0750'],
    ];
    for (const [folder, owner, group, mode] of folders) {
      expect(plan).toContain(`install -d -o ${owner} -g ${group} -m ${mode} ${folder}`);
    }

    // .env from .env.example, mode 600, production settings and generated secrets
    const envFile = '/var/www/tafuta/backend/.env';
    expect(plan).toContain(`install -m 600 -o tafuta -g tafuta ${repoRoot}/.env.example ${envFile}`);
    expect(plan).toContain(`set NODE_ENV=production in ${envFile}`);
    expect(plan).toContain(`set APP_URL=https://tafuta.ke in ${envFile}`);
    expect(plan).toContain(`set ALERT_EMAILS=ops@tafuta.ke in ${envFile}`);
    // SEC-06: only loopback (Caddy) and Cloudflare's ranges may name the visitor's address.
    const trustProxy = plan.find((line) => line.startsWith('set TRUST_PROXY='));
    expect(trustProxy).toMatch(/^set TRUST_PROXY=loopback,173\.245\.48\.0\/20,.*,2c0f:f248::\/32 in /);
    expect(plan).toContain(`set DATA_DIR=/var/www/tafuta/data in ${envFile}`);
    for (const key of SECRETS) {
      expect(plan).toContain(`set ${key}=<generated: openssl rand -base64 48> in ${envFile}`);
    }
    expect(plan).toContain(
      `set DATABASE_URL=postgres://tafuta:<generated>@localhost:5432/tafuta in ${envFile}`,
    );

    // UFW: 22, 80, 443 and nothing else in; SSH allowed before the firewall goes up
    const allows = plan.filter((line) => line.startsWith('ufw allow '));
    expect(allows).toEqual(['ufw allow 22/tcp', 'ufw allow 80/tcp', 'ufw allow 443/tcp']);
    expect(plan).toContain('ufw default deny incoming');
    expect(step(/^ufw --force enable$/)).toBeGreaterThan(step(/^ufw allow 22\/tcp$/));

    // SSH: drop-in validated by sshd -t before the reload
    const dropIn = step(
      /^write \/etc\/ssh\/sshd_config\.d\/10-tafuta\.conf \(0644 root:root\): PermitRootLogin no \| PasswordAuthentication no \| KbdInteractiveAuthentication no/,
    );
    const validate = step(/^sshd -t$/);
    const reload = step(/^systemctl try-reload-or-restart ssh\.service$/);
    expect(validate).toBeGreaterThan(dropIn);
    expect(reload).toBeGreaterThan(validate);
    expect(result.stdout).toContain('[ok] sudo users with SSH keys: ops');

    // Automatic security updates, fail2ban's sshd jail, log rotation, time zone
    expect(plan).toContain('apt-get install -y unattended-upgrades');
    step(/^write \/etc\/apt\/apt\.conf\.d\/20auto-upgrades .*APT::Periodic::Unattended-Upgrade "1";/);
    expect(plan).toContain('apt-get install -y fail2ban python3-systemd');
    step(/^write \/etc\/fail2ban\/jail\.d\/tafuta\.local .*\[sshd\] \| enabled = true/);
    expect(plan).toContain('systemctl enable --now fail2ban');
    expect(plan).toContain(
      `install -m 0644 -o root -g root ${repoRoot}/deploy/logrotate/tafuta /etc/logrotate.d/tafuta`,
    );
    expect(plan).toContain('timedatectl set-timezone Africa/Nairobi');

    // The cron files of the backup and monitoring folders, when this checkout has them
    for (const [source, name] of [
      ['backup/crontab', 'tafuta-backup'],
      ['monitoring/crontab', 'tafuta-monitoring'],
    ]) {
      if (fs.existsSync(path.join(repoRoot, 'deploy', source!))) {
        expect(plan).toContain(
          `install -m 0644 -o root -g root ${repoRoot}/deploy/${source} /etc/cron.d/${name}`,
        );
      } else {
        expect(result.stdout).toContain(`no deploy/${source} in this checkout`);
      }
    }

    // Secrets appear only as placeholders, and nothing was created anywhere
    expect(result.stdout).not.toMatch(/=[A-Za-z0-9+/]{40,}/);
    expect(result.stdout).not.toMatch(/postgres:\/\/tafuta:[0-9a-f]{64}@/);
    expect(snapshot(root)).toEqual(before);
    expect(fs.existsSync('/var/www/tafuta')).toBe(hadAppHome);
  });

  it("runs against this machine's own state without root and without --root, changing nothing", () => {
    const watched = ['/var/www/tafuta', '/etc/ssh/sshd_config.d/10-tafuta.conf', '/etc/logrotate.d/tafuta'];
    const before = watched.map((file) => fs.existsSync(file));

    // As root the plan reads the real machine; as a user without rights it must still work (it reads less).
    const asRoot = provision(['--dry-run', ...SITE]);
    const asNobody = isRoot && hasSetpriv ? provision(['--dry-run', ...SITE], { uid: NOBODY }) : asRoot;

    for (const result of [asRoot, asNobody]) {
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Dry run: nothing will be changed\.$/m);
      expect(result.stdout).toContain('== SSH: keys only, no root login');
      expect(result.stdout).toMatch(/^Dry run finished/m);
      expect(result.stdout).not.toMatch(/^\[run\] /m);
    }
    expect(watched.map((file) => fs.existsSync(file))).toEqual(before);
  });

  it('plans no SSH lock-down while no sudo user has an authorized key, and says so', () => {
    const root = freshServer({ operatorKey: false });

    const result = provision(['--dry-run', '--root', root, ...SITE]);

    expect(result.status).toBe(0);
    const plan = planOf(result, root);
    expect(plan.some((line) => line.includes('sshd_config.d'))).toBe(false);
    expect(plan).not.toContain('sshd -t');
    expect(result.stderr).toContain('refusing to disable password and root logins');
    expect(result.stderr).toContain('SSH hardening NOT applied');
    // The rest of the plan goes ahead
    expect(plan).toContain('ufw --force enable');
  });

  it('plans only what is missing on a server that is already provisioned', () => {
    const root = freshServer({ operatorKey: true });
    const installed = [
      'ca-certificates',
      'curl',
      'openssl',
      'postgresql',
      'caddy',
      'ufw',
      'unattended-upgrades',
      'fail2ban',
      'python3-systemd',
      'logrotate',
      'cron',
      'rclone',
    ];
    write(
      root,
      'var/lib/dpkg/status',
      [...installed.map((name) => [name, '1.0']), ['nodejs', '22.12.0-1nodesource1']]
        .map(([name, version]) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\n`)
        .join('\n'),
    );
    write(
      root,
      'etc/passwd',
      'ops:x:1000:1000::/home/ops:/bin/bash\ntafuta:x:998:998::/var/www/tafuta:/usr/sbin/nologin\n',
    );
    write(root, 'etc/apt/keyrings/nodesource.asc', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n');
    write(root, 'etc/apt/keyrings/caddy-stable.asc', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n');
    write(
      root,
      'etc/apt/sources.list.d/caddy-stable.list',
      'deb [signed-by=/etc/apt/keyrings/caddy-stable.asc] https://dl.cloudsmith.io/public/caddy/stable/deb/debian any-version main\n',
    );
    write(
      root,
      'etc/ufw/user.rules',
      ['22', '80', '443', '3000']
        .map(
          (port) =>
            `### tuple ### allow tcp ${port} 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport ${port} -j ACCEPT\n`,
        )
        .join(''),
    );
    write(root, 'etc/default/ufw', 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\n');
    write(root, 'etc/ufw/ufw.conf', 'ENABLED=yes\n');
    fs.symlinkSync('/usr/share/zoneinfo/Africa/Nairobi', path.join(root, 'etc/localtime'));
    write(
      root,
      'etc/logrotate.d/tafuta',
      fs.readFileSync(path.join(repoRoot, 'deploy/logrotate/tafuta'), 'utf8'),
    );
    write(root, 'usr/bin/pm2', '#!/bin/sh\n', 0o755);
    write(root, 'etc/systemd/system/pm2-tafuta.service', '[Service]\n');
    write(root, 'var/www/tafuta/.pm2/dump.pm2', '[]');
    const settings = [
      'NODE_ENV=production',
      'APP_URL=https://tafuta.ke',
      `DATABASE_URL=postgres://tafuta:${'ab'.repeat(32)}@localhost:5432/tafuta`,
      ...SECRETS.map((key) => `${key}=${'x'.repeat(20)}Operator-Chosen-Value`),
    ];
    write(root, 'var/www/tafuta/backend/.env', `${settings.join('\n')}\n`, 0o600);
    const envBefore = fs.readFileSync(path.join(root, 'var/www/tafuta/backend/.env'), 'utf8');

    const result = provision(['--dry-run', '--root', root, ...SITE]);

    expect(result.status, result.stderr).toBe(0);
    const plan = planOf(result, root);
    expect(plan.filter((line) => line.startsWith('apt-get'))).toEqual([]);
    expect(plan.filter((line) => line.startsWith('ufw'))).toEqual([]);
    expect(plan.filter((line) => /^(useradd|npm|pm2|timedatectl|curl)/.test(line))).toEqual([]);
    expect(plan.some((line) => line.includes('/etc/logrotate.d/tafuta'))).toBe(false);
    expect(plan.some((line) => line.includes('caddy-stable.list'))).toBe(false);
    // Existing settings and secrets are kept; only missing ones are filled in
    for (const key of [...SECRETS, 'DATABASE_URL', 'APP_URL', 'NODE_ENV']) {
      expect(plan.some((line) => line.startsWith(`set ${key}=`))).toBe(false);
    }
    expect(plan).toContain('set ALERT_EMAILS=ops@tafuta.ke in /var/www/tafuta/backend/.env');
    expect(result.stdout).toContain('[ok] SESSION_SECRET is set');
    expect(result.stdout).toContain('[ok] time zone Africa/Nairobi');
    // A port opened by hand is reported, not silently kept or removed
    expect(result.stderr).toMatch(/UFW has rules beyond 22\/80\/443.*allow tcp 3000/);
    expect(fs.readFileSync(path.join(root, 'var/www/tafuta/backend/.env'), 'utf8')).toBe(envBefore);
  });
});

// The helpers that edit files, run for real (not dry-run) on a temporary folder: the script is sourced,
// which defines its functions without provisioning anything.
describe('provision.sh file helpers', () => {
  function helpers(body: string, dir: string): Result {
    const result = spawnSync('bash', ['-c', `source "$1"; DRY_RUN=0; ${body}`, 'bash', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
      timeout: 30_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('fills .env settings in place, keeping mode 600 and never printing the value', () => {
    const dir = freshServer({ operatorKey: false });
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(envFile, '# comment\nNODE_ENV=development\nJWT_SECRET=\nJWT_SECRET_PREVIOUS=keep\n', {
      mode: 0o600,
    });
    const secret = 'Ab+/cd=EfGh/ij+kL0123456789abcdefghijklmnopqrstuvwxyzABCD==';

    const result = helpers(
      `env_set .env JWT_SECRET '${secret}' '<generated>'; env_set .env NODE_ENV production production; env_set .env ALERT_EMAILS ops@tafuta.ke ops@tafuta.ke; env_get .env JWT_SECRET_PREVIOUS`,
      dir,
    );

    expect(result.status, result.stderr).toBe(0);
    expect(fs.readFileSync(envFile, 'utf8')).toBe(
      `# comment\nNODE_ENV=production\nJWT_SECRET=${secret}\nJWT_SECRET_PREVIOUS=keep\nALERT_EMAILS=ops@tafuta.ke\n`,
    );
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain('[run] set JWT_SECRET=<generated> in .env');
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('keep');
  });

  it('writes a config file once, then reports it up to date; corrects a folder mode', () => {
    const dir = freshServer({ operatorKey: false });
    const user = os.userInfo().username;
    const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });

    const result = helpers(
      [
        `write_file "$PWD/etc/app.conf" 0640 ${user} ${group} $'# why\\nlisten_addresses = \\'localhost\\''; echo "changed=$FILE_CHANGED"`,
        `write_file "$PWD/etc/app.conf" 0640 ${user} ${group} $'# why\\nlisten_addresses = \\'localhost\\''; echo "changed=$FILE_CHANGED"`,
        `ensure_dir "$PWD/logs" ${user} ${group} 1770`,
        `ensure_dir "$PWD/logs" ${user} ${group} 1770`,
      ].join('; '),
      dir,
    );

    expect(result.status, result.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'etc/app.conf'), 'utf8')).toBe(
      "# why\nlisten_addresses = 'localhost'\n",
    );
    expect(fs.statSync(path.join(dir, 'etc/app.conf')).mode & 0o7777).toBe(0o640);
    expect(result.stdout.match(/changed=\d/g)).toEqual(['changed=1', 'changed=0']);
    expect(result.stdout).toContain(`[run] chmod 1770 ${dir}/logs`);
    expect(result.stdout).toContain(`[ok] ${dir}/logs ${user}:${group} 1770`);
    expect(fs.statSync(path.join(dir, 'logs')).mode & 0o7777).toBe(0o1770);
  });
});

describe('provision.sh options', () => {
  it('--help explains the options and exits 0', () => {
    const result = provision(['--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: provision\.sh /);
    for (const option of ['--domain', '--admin-email', '--dry-run', '--root', '--help']) {
      expect(result.stdout).toContain(option);
    }
  });

  // Run as the unprivileged "nobody" when the tests themselves run as root (CI does).
  it('refuses a real run by a non-root user, naming --dry-run', () => {
    const result = isRoot ? provision(SITE, { uid: NOBODY }) : provision(SITE);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/must run as root.*--dry-run/);
    expect(result.stdout).toBe('');
  });

  it('rejects unknown options, a missing domain and --root without --dry-run (exit 2)', () => {
    const unknown = provision(['--dry-run', '--bogus', ...SITE]);
    const noDomain = provision(['--dry-run', '--admin-email', 'ops@tafuta.ke']);
    const badDomain = provision([
      '--dry-run',
      '--domain',
      'https://tafuta.ke/',
      '--admin-email',
      'ops@tafuta.ke',
    ]);
    const rootWithoutDryRun = provision(['--root', os.tmpdir(), ...SITE]);

    expect([unknown.status, noDomain.status, badDomain.status, rootWithoutDryRun.status]).toEqual([
      2, 2, 2, 2,
    ]);
    expect(unknown.stderr).toContain('unknown option: --bogus');
    expect(noDomain.stderr).toContain('--domain is required');
    expect(badDomain.stderr).toContain('--domain must be a lower-case host name');
    expect(rootWithoutDryRun.stderr).toContain('--root only makes sense with --dry-run');
  });
});
