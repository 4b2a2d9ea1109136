/**
 * The operations scripts and the logrotate config, checked with the tools the server uses: shellcheck on
 * every *.sh under deploy/ (found when the tests run, so scripts added later are covered too), and
 * Debian's logrotate on deploy/logrotate/tafuta, first in debug mode, then rotating real files while a
 * writer keeps them open the way winston, PM2 and Caddy do.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const deployDir = path.join(repoRoot, 'deploy');
const logrotateConfig = path.join(deployDir, 'logrotate/tafuta');
const LOGROTATE = fs.existsSync('/usr/sbin/logrotate') ? '/usr/sbin/logrotate' : 'logrotate';

function exec(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** deploy/**\/*.sh, relative to deploy/, listed now rather than hard-coded. */
function shellScripts(): string[] {
  return fs
    .readdirSync(deployDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.sh') && !entry.split(path.sep).includes('node_modules'))
    .sort();
}

describe('shellcheck', () => {
  const scripts = shellScripts();

  it('finds the deploy scripts', () => {
    expect(scripts).toContain('provision.sh');
  });

  // --external-sources: a script that sources a helper (deploy/backup/lib.sh) is checked together with it.
  it.each(scripts)('passes on deploy/%s', (script) => {
    const result = exec('shellcheck', [
      '--external-sources',
      '--source-path=SCRIPTDIR',
      path.join(deployDir, script),
    ]);

    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('logrotate config deploy/logrotate/tafuta', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The config with /var/www/tafuta moved into a temporary folder and `su` naming the user running the
   * tests (this machine has no tafuta user), written 0644 as logrotate insists for config files.
   */
  function sandbox(): { home: string; config: string; state: string } {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-logrotate-'));
    dirs.push(home);
    fs.mkdirSync(path.join(home, 'logs'));
    fs.mkdirSync(path.join(home, '.pm2/logs'), { recursive: true });
    const user = os.userInfo().username;
    const group = exec('id', ['-gn']).output.trim();
    const text = fs
      .readFileSync(logrotateConfig, 'utf8')
      .replaceAll('/var/www/tafuta', home)
      .replace(/^(\s*su) \S+ \S+$/gm, `$1 ${user} ${group}`);
    const config = path.join(home, 'tafuta.conf');
    fs.writeFileSync(config, text, { mode: 0o644 });
    return { home, config, state: path.join(home, 'logrotate.state') };
  }

  /** The directive lines of each `{ … }` block, comments dropped. */
  function blocks(): string[][] {
    const text = fs
      .readFileSync(logrotateConfig, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    return [...text.matchAll(/\{([^}]*)\}/g)].map((match) =>
      match[1]!
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );
  }

  it('rotates every log daily, keeps 14 compressed copies and truncates in place', () => {
    const found = blocks();

    expect(found).toHaveLength(2);
    for (const directives of found) {
      for (const directive of [
        'daily',
        'rotate 14',
        'compress',
        'delaycompress',
        'missingok',
        'notifempty',
        'copytruncate',
      ]) {
        expect(directives).toContain(directive);
      }
    }
    expect(found.map((directives) => directives.find((line) => line.startsWith('su ')))).toEqual([
      'su tafuta tafuta',
      'su caddy caddy',
    ]);
  });

  it('is accepted by logrotate -d and covers the app, PM2, backup, health-check and access logs', () => {
    const { home, config, state } = sandbox();
    for (const file of ['logs/app.log', 'logs/error.log', 'logs/pm2-out.log', 'logs/access.log']) {
      fs.writeFileSync(path.join(home, file), 'a line\n');
    }

    const result = exec(LOGROTATE, ['-d', '-s', state, config]);

    expect(result.output).not.toMatch(/^error:/m);
    expect(result.status).toBe(0);
    for (const log of ['app.log', 'error.log', 'pm2-*.log', 'backup.log', 'health-watch.log', 'access.log']) {
      expect(result.output).toContain(`${home}/logs/${log}`);
    }
    expect(result.output.match(/after 1 days \(14 rotations\)/g)).toHaveLength(2);
    expect(result.output).toContain('considering log');
  });

  it('rotates open log files without losing the writer: copy, truncate, compress one day later', () => {
    const { home, config, state } = sandbox();
    const appLog = path.join(home, 'logs/app.log');
    const errorLog = path.join(home, 'logs/error.log');
    const accessLog = path.join(home, 'logs/access.log');
    // Like winston, PM2 and Caddy: opened once in append mode and kept open.
    const app = fs.openSync(appLog, 'a');
    const access = fs.openSync(accessLog, 'a');
    fs.writeFileSync(errorLog, '');
    try {
      fs.writeSync(app, '{"message":"first day"}\n');
      fs.writeSync(access, '{"uri":"/api/health"}\n');

      const first = exec(LOGROTATE, ['-f', '-s', state, config]);
      expect(first.output).toBe('');
      expect(first.status).toBe(0);
      expect(fs.readFileSync(`${appLog}.1`, 'utf8')).toBe('{"message":"first day"}\n');
      expect(fs.readFileSync(`${accessLog}.1`, 'utf8')).toBe('{"uri":"/api/health"}\n');
      expect(fs.statSync(appLog).size).toBe(0);
      // notifempty: an empty error.log is left alone
      expect(fs.existsSync(`${errorLog}.1`)).toBe(false);

      // The writer carries on at the start of the truncated file (append mode: no hole of NUL bytes).
      fs.writeSync(app, '{"message":"second day"}\n');
      expect(fs.readFileSync(appLog, 'utf8')).toBe('{"message":"second day"}\n');

      const second = exec(LOGROTATE, ['-f', '-s', state, config]);
      expect(second.status).toBe(0);
      expect(fs.readFileSync(`${appLog}.1`, 'utf8')).toBe('{"message":"second day"}\n');
      // delaycompress: the previous copy is compressed at the next rotation
      expect(zlib.gunzipSync(fs.readFileSync(`${appLog}.2.gz`)).toString('utf8')).toBe(
        '{"message":"first day"}\n',
      );
    } finally {
      fs.closeSync(app);
      fs.closeSync(access);
    }
  });
});
