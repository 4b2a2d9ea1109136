import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../apps/api/src/test/ports.js';

/**
 * deploy/deploy.sh driven for real in temporary roots. npm is a stub on PATH (no registry from here), and
 * so are pm2 and curl where a test only follows the script's flow; the last test runs real PM2 and curl
 * against a small stand-in app, so the symlink switch, the reload and the rollback happen for real.
 */

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const script = path.join(repoRoot, 'deploy/deploy.sh');
const ecosystem = path.join(repoRoot, 'deploy/ecosystem.config.cjs');
const pm2Bin = path.join(repoRoot, 'node_modules/.bin/pm2');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-deploy-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function tempDir(label: string): string {
  const dir = path.join(scratch, `${label}-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function deploy(args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('bash', [script, ...args], {
      cwd: scratch,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * A stand-in for the built app: what PM2 runs from the ecosystem file. It answers every request with its
 * release folder's name, so a test sees which release is live; `health` decides between 200 and 503.
 */
const fakeMain = `const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const release = path.basename(process.cwd());
const healthy = fs.readFileSync('health', 'utf8').trim() === 'ok';
const server = http.createServer((_req, res) => {
  res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ release, nodeEnv: process.env.NODE_ENV, marker: process.env.DEPLOY_TEST_MARKER }));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'));
process.on('SIGINT', () => server.close(() => process.exit(0)));
`;

function writeRelease(dir: string, health: 'ok' | 'broken'): string {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'tafuta', version: '0.0.0', private: true }),
    'package-lock.json': JSON.stringify({ name: 'tafuta', lockfileVersion: 3, packages: {} }),
    'deploy/ecosystem.config.cjs': fs.readFileSync(ecosystem, 'utf8'),
    'apps/api/dist/main.js': fakeMain,
    'apps/web/dist/index.html': '<!doctype html><title>Tafuta</title>',
    health,
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A release tarball with its files in one top-level folder, as `git archive --prefix=tafuta/` makes it. */
async function tarball(name: string, health: 'ok' | 'broken'): Promise<string> {
  const parent = tempDir('tarball');
  writeRelease(path.join(parent, 'tafuta'), health);
  const file = path.join(parent, `${name}.tar.gz`);
  await run('tar', ['-czf', file, '-C', parent, 'tafuta']);
  return file;
}

/** An install root as a previous deploy leaves it: releases, `current` and `backend` links, shared .env. */
function installRoot(releases: string[], envLines: string[] = ['NODE_ENV=production']): string {
  const root = tempDir('root');
  for (const release of releases) writeRelease(path.join(root, 'releases', release), 'ok');
  const live = releases.at(-1);
  if (live) {
    fs.symlinkSync(`releases/${live}`, path.join(root, 'current'));
    fs.symlinkSync('current', path.join(root, 'backend'));
  }
  fs.mkdirSync(path.join(root, 'shared'));
  fs.writeFileSync(path.join(root, 'shared/.env'), `${envLines.join('\n')}\n`, { mode: 0o600 });
  return root;
}

/** Every path under dir with its link target or size and modification time: "changed nothing" is equality. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const key = path.relative(dir, full);
      if (entry.isSymbolicLink()) entries[key] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) {
        entries[key] = `dir ${fs.statSync(full).mtimeMs}`;
        walk(full);
      } else entries[key] = `file ${fs.statSync(full).size} ${fs.statSync(full).mtimeMs}`;
    }
  };
  walk(dir);
  return entries;
}

const releasesOf = (root: string) => fs.readdirSync(path.join(root, 'releases')).sort();
const liveRelease = (root: string) => fs.readlinkSync(path.join(root, 'current'));

/**
 * Stubs for npm, pm2 and curl that log their calls. pm2 runs under `env -i` (the script gives PM2 a clean
 * environment), so the paths are written into the stubs. curl fails while `current` points to a release
 * whose name contains $UNHEALTHY, as the real health check would while that release serves 503s.
 */
function stubBin(root: string): { bin: string; npmLog: string; pm2Log: string } {
  const bin = tempDir('bin');
  const npmLog = path.join(bin, 'npm.log');
  const pm2Log = path.join(bin, 'pm2.log');
  const stubs: Record<string, string> = {
    npm: `echo "$PWD $*" >> '${npmLog}'\ncase "$*" in *"\${NPM_FAILS:-none}"*) echo "npm ERR! $*" >&2; exit 1 ;; esac`,
    pm2: `echo "$* (current: $(readlink '${root}/current'))" >> '${pm2Log}'`,
    curl: `case "$(readlink '${root}/current')" in *"\${UNHEALTHY:-none}"*) echo "curl: (22) The requested URL returned error: 503" >&2; exit 22 ;; esac`,
  };
  for (const [name, body] of Object.entries(stubs)) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  fs.writeFileSync(npmLog, '');
  fs.writeFileSync(pm2Log, '');
  return { bin, npmLog, pm2Log };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('deploy.sh --help and --dry-run', () => {
  it('explains itself', async () => {
    const help = await deploy(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: deploy.sh');
    for (const option of ['--ref', '--from', '--root', '--health-url', '--dry-run', '--keep']) {
      expect(help.stdout).toContain(option);
    }
    const wrong = await deploy(['--frobnicate']);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('unknown argument: --frobnicate');
  });

  it('prints its plan, one action a line, and changes nothing', async () => {
    const root = installRoot(['20260101T000000Z-old']);
    const before = snapshot(root);

    const { code, stdout } = await deploy(['--dry-run', '--root', root, '--ref', 'main']);

    expect(code).toBe(0);
    expect(snapshot(root)).toEqual(before);
    for (const line of stdout.trim().split('\n')) expect(line).toMatch(/^(\[dry-run\] |==> )/);
    const release = /releases\/(\d{8}T\d{6}Z-main)\b/.exec(stdout)?.[1];
    expect(release).toBeDefined();
    const dir = `${root}/releases/${release}`;
    const expected = [
      `[dry-run] ln -sfn -- ${root}/shared/.env ${dir}/.env`,
      `[dry-run] (cd ${dir} && npm ci --include=dev --no-audit --no-fund)`,
      `[dry-run] (cd ${dir} && npm run build)`,
      `[dry-run] (cd ${dir} && npm run migrate)`,
      `[dry-run] ln -sfn -- releases/${release} ${root}/current.next`,
      `[dry-run] mv -Tf -- ${root}/current.next ${root}/current`,
      `pm2 reload ${root}/backend/deploy/ecosystem.config.cjs --update-env`,
      '[dry-run] health check: GET http://127.0.0.1:3000/api/health until 3 answers in a row are 2xx',
      '[dry-run] rollback on failure: point current back to releases/20260101T000000Z-old, pm2 reload it',
      '[dry-run] pm2 save',
    ];
    for (const line of expected) expect(stdout).toContain(line);
    // In that order.
    const positions = expected.map((line) => stdout.indexOf(line));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('creates nothing for a root that does not exist yet', async () => {
    const root = path.join(scratch, 'not-provisioned');
    const { code, stdout } = await deploy([
      '--dry-run',
      '--root',
      root,
      '--ref',
      'v1.2.0',
      '--health-url',
      'http://127.0.0.1:4000/api/health',
    ]);
    expect(code).toBe(0);
    expect(fs.existsSync(root)).toBe(false);
    expect(stdout).toContain('git clone --mirror --quiet <the --repo URL');
    expect(stdout).toContain('health check: GET http://127.0.0.1:4000/api/health');
    expect(stdout).toContain('rollback on failure: impossible on a first deploy');
  });
});

describe('deploy.sh flow (npm, pm2 and curl stubbed)', () => {
  it('rolls back to the previous release when the new one fails its health check', async () => {
    const root = installRoot(['20260101T000000Z-old']);
    const { bin, npmLog, pm2Log } = stubBin(root);
    const release = await tarball('new', 'broken');

    const { code, stderr } = await deploy(['--root', root, '--from', release, '--health-timeout', '2'], {
      PATH: `${bin}:${process.env.PATH}`,
      UNHEALTHY: '-new',
    });

    expect(code).toBe(2);
    expect(stderr).toMatch(/FAILED its health check; rolled back to 20260101T000000Z-old, which is healthy/);
    expect(liveRelease(root)).toBe('releases/20260101T000000Z-old');
    const failed = releasesOf(root).find((name) => name.endsWith('-new'));
    expect(failed).toBeDefined();
    // Kept for inspection, unpacked out of its top-level folder, with the shared .env linked in.
    expect(fs.existsSync(path.join(root, 'releases', failed!, 'package.json'))).toBe(true);
    expect(fs.readlinkSync(path.join(root, 'releases', failed!, '.env'))).toBe(`${root}/shared/.env`);

    const releaseDir = path.join(root, 'releases', failed!);
    expect(lines(npmLog)).toEqual([
      `${releaseDir} ci --include=dev --no-audit --no-fund`,
      `${releaseDir} run build`,
      `${releaseDir} run migrate`,
    ]);
    const reloads = lines(pm2Log);
    expect(reloads).toHaveLength(2);
    expect(reloads[0]).toBe(
      `reload ${root}/backend/deploy/ecosystem.config.cjs --update-env (current: releases/${failed})`,
    );
    expect(reloads[1]).toBe(
      `reload ${root}/backend/deploy/ecosystem.config.cjs --update-env (current: releases/20260101T000000Z-old)`,
    );
  });

  it('switches to a healthy release, saves the PM2 process list and keeps the newest five releases', async () => {
    const old = [1, 2, 3, 4, 5, 6].map((day) => `2026010${day}T000000Z-r${day}`);
    const root = installRoot(old);
    const { bin, pm2Log } = stubBin(root);
    const release = await tarball('next', 'ok');

    const { code, stdout } = await deploy(['--root', root, '--from', release], {
      PATH: `${bin}:${process.env.PATH}`,
    });

    expect(code).toBe(0);
    expect(stdout).toMatch(/==> Deployed \d{8}T\d{6}Z-next in \d+ s \(previous: 20260106T000000Z-r6\)/);
    const deployed = releasesOf(root).find((name) => name.endsWith('-next'));
    expect(liveRelease(root)).toBe(`releases/${deployed}`);
    expect(fs.readlinkSync(path.join(root, 'backend'))).toBe('current');
    expect(fs.readlinkSync(path.join(root, 'frontend'))).toBe('current/apps/web');
    expect(releasesOf(root)).toEqual([...old.slice(2), deployed]);
    expect(lines(pm2Log).map((line) => line.split(' ')[0])).toEqual(['reload', 'save']);
  });

  it('leaves the live release alone when the build fails', async () => {
    const root = installRoot(['20260101T000000Z-old']);
    const { bin, pm2Log } = stubBin(root);
    const release = await tarball('new', 'ok');

    const { code, stderr } = await deploy(['--root', root, '--from', release], {
      PATH: `${bin}:${process.env.PATH}`,
      NPM_FAILS: 'run build',
    });

    expect(code).toBe(1);
    expect(stderr).toContain('The live release is unchanged');
    expect(releasesOf(root)).toEqual(['20260101T000000Z-old']);
    expect(liveRelease(root)).toBe('releases/20260101T000000Z-old');
    expect(lines(pm2Log)).toEqual([]);
  });
});

describe('deploy.sh with real PM2 and curl', () => {
  const pm2Home = tempDir('pm2');

  afterAll(async () => {
    await run(pm2Bin, ['kill'], {
      env: { PATH: process.env.PATH, PM2_HOME: pm2Home },
      timeout: 20_000,
    }).catch(() => undefined);
  });

  it('deploys from git, then rolls an unhealthy tarball release back', async () => {
    const port = await freePort();
    // The stand-in app takes its port from the shared .env, as the real one does (node --env-file).
    const root = installRoot([], [`PORT=${port}`, 'DEPLOY_TEST_MARKER=from-shared-env']);
    const { bin } = stubBin(root);
    fs.rmSync(path.join(bin, 'pm2'));
    fs.rmSync(path.join(bin, 'curl'));
    fs.symlinkSync(pm2Bin, path.join(bin, 'pm2'));
    const env = { PATH: `${bin}:${process.env.PATH}`, PM2_HOME: pm2Home };
    const args = ['--root', root, '--health-url', `http://127.0.0.1:${port}/api/health`];

    const repo = writeRelease(tempDir('repo'), 'ok');
    const git = (...gitArgs: string[]) => run('git', ['-C', repo, ...gitArgs]);
    await git('init', '--quiet', '--initial-branch=main');
    await git('add', '--all');
    await git(
      '-c',
      'user.name=Deploy Test',
      '-c',
      'user.email=deploy@test.invalid',
      'commit',
      '--quiet',
      '-m',
      'v1',
    );
    const commit = (await git('rev-parse', 'HEAD')).stdout.trim();

    const first = await deploy([...args, '--repo', repo, '--ref', 'main'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const good = liveRelease(root).replace('releases/', '');
    expect(good).toMatch(/^\d{8}T\d{6}Z-main$/);
    expect(fs.readFileSync(path.join(root, 'releases', good, 'REVISION'), 'utf8').trim()).toBe(commit);
    const answer = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      return { status: response.status, ...((await response.json()) as { release: string }) };
    };
    expect(await answer()).toEqual({
      status: 200,
      release: good,
      nodeEnv: 'production',
      marker: 'from-shared-env',
    });

    const second = await deploy(
      [...args, '--from', await tarball('broken', 'broken'), '--health-timeout', '3'],
      env,
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`rolled back to ${good}, which is healthy`);
    expect(liveRelease(root)).toBe(`releases/${good}`);
    expect(await answer()).toMatchObject({ status: 200, release: good });

    const { stdout } = await run(pm2Bin, ['jlist'], { env });
    const workers = (JSON.parse(stdout.slice(stdout.indexOf('['))) as { pm2_env: { status: string } }[]).map(
      (worker) => worker.pm2_env.status,
    );
    expect(workers).toEqual(['online', 'online']);
  });
});
