import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../apps/api/src/test/database.js';
import { freePort } from '../../apps/api/src/test/ports.js';

/**
 * The production process file, run for real: PM2 starts the built API in cluster mode against a test
 * database, restarts a worker that dies, and reloads the cluster under load without failing a request.
 */

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const pm2Bin = path.join(repoRoot, 'node_modules/.bin/pm2');
const ecosystem = path.join(repoRoot, 'deploy/ecosystem.config.cjs');

interface Pm2Process {
  name: string;
  pid: number;
  pm_id: number;
  pm2_env: { status: string; restart_time: number };
}

/** The ecosystem file runs apps/api/dist/main.js: build it (and the contracts it imports) when missing. */
function ensureBuilt() {
  const built = ['packages/contracts/dist/index.js', 'apps/api/dist/main.js'].every((file) =>
    fs.existsSync(path.join(repoRoot, file)),
  );
  if (built) return;
  for (const workspace of ['packages/contracts', 'apps/api']) {
    execFileSync('npm', ['run', 'build', '-w', workspace], { cwd: repoRoot, stdio: 'inherit' });
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('PM2 ecosystem (deploy/ecosystem.config.cjs)', () => {
  const database = useTestDatabase();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-pm2-'));
  let env: NodeJS.ProcessEnv = {};
  let healthUrl = '';
  const seenPids = new Set<number>();
  let daemonPid = 0;

  const pm2 = (args: string[], timeout = 30_000) =>
    run(pm2Bin, args, { cwd: repoRoot, env, timeout, maxBuffer: 16 * 1024 * 1024 });

  async function workers(): Promise<Pm2Process[]> {
    const { stdout } = await pm2(['jlist']);
    const list = (JSON.parse(stdout.slice(stdout.indexOf('['))) as Pm2Process[]).filter(
      (process) => process.name === 'tafuta',
    );
    for (const worker of list) if (worker.pid > 0) seenPids.add(worker.pid);
    return list;
  }

  const online = (list: Pm2Process[]) => list.filter((worker) => worker.pm2_env.status === 'online');

  const healthStatus = () => fetch(healthUrl).then((response) => response.status);

  beforeAll(async () => {
    ensureBuilt();
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/api/health`;
    // A clean environment: PM2 hands the CLI's variables to the app, and nothing of the runner's may leak.
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? scratch,
      PM2_HOME: path.join(scratch, 'pm2'),
      TAFUTA_HOME: repoRoot,
      TAFUTA_LOG_DIR: path.join(scratch, 'logs'),
      TAFUTA_INSTANCES: '2',
      // Production refuses to start without real secrets and providers; test mode runs the same server.
      NODE_ENV: 'test',
      DATABASE_URL: database.current.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(scratch, 'data'),
      LOG_DIR: path.join(scratch, 'data/logs'),
      LOG_LEVEL: 'warn',
    };
    await pm2(['start', ecosystem, '--env', 'test'], 60_000);
    daemonPid = Number(fs.readFileSync(path.join(scratch, 'pm2/pm2.pid'), 'utf8'));
  });

  afterAll(async () => {
    // Bounded: a stuck daemon must not hold the run, and no worker may outlive the test.
    await pm2(['kill'], 20_000).catch(() => undefined);
    for (const pid of [...seenPids, daemonPid]) {
      try {
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('starts two cluster workers that answer the health check', async () => {
    const list = await waitFor('two online workers', 15_000, async () => {
      const current = await workers();
      return online(current).length === 2 ? current : undefined;
    });
    expect(list.map((worker) => worker.pm2_env.status)).toEqual(['online', 'online']);
    expect(await healthStatus()).toBe(200);
  });

  it('restarts a worker that is killed', async () => {
    const [victim] = await workers();
    if (!victim) throw new Error('No worker to kill');
    process.kill(victim.pid, 'SIGKILL');

    const replacement = await waitFor('the killed worker to be restarted', 15_000, async () => {
      const list = await workers();
      const worker = list.find((candidate) => candidate.pm_id === victim.pm_id);
      return online(list).length === 2 && worker && worker.pid !== victim.pid ? worker : undefined;
    });
    expect(replacement.pm2_env.restart_time).toBe(victim.pm2_env.restart_time + 1);
    expect(
      await waitFor('a healthy answer', 10_000, async () =>
        (await healthStatus()) === 200 ? 200 : undefined,
      ),
    ).toBe(200);
  });

  it('reloads the cluster under load without failing a request', async () => {
    const before = await workers();
    let reloadError: unknown;
    let reloadedAfterMs = 0;
    const startedAt = Date.now();
    // The deploy script's command, a few seconds into a 20 s run of 50 keep-alive connections.
    const reload = new Promise<void>((resolve) => setTimeout(resolve, 3_000)).then(() =>
      pm2(['reload', ecosystem, '--env', 'test', '--update-env'], 40_000).then(
        () => {
          reloadedAfterMs = Date.now() - startedAt;
        },
        (error: unknown) => {
          reloadError = error;
        },
      ),
    );
    const result = await autocannon({ url: healthUrl, connections: 50, duration: 20 });
    await reload;

    process.stdout.write(
      `PM2 reload under load: ${result.requests.total} requests in ${result.duration} s over ` +
        `${result.connections} connections, reload done ${reloadedAfterMs} ms in; latency p50 ` +
        `${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
        `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}\n`,
    );
    expect(reloadError).toBeUndefined();
    // Both workers were replaced during the run, not after it.
    const after = online(await workers());
    expect(after).toHaveLength(2);
    for (const worker of after) expect(before.map((old) => old.pid)).not.toContain(worker.pid);
    expect(reloadedAfterMs).toBeGreaterThan(0);

    expect(result.requests.total).toBeGreaterThan(1000);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
  });
});
