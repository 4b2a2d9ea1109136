import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../apps/api/src/test/ports.js';

/**
 * Debian's Caddy for the ops tests: the plain-HTTP loopback variant of the production rules
 * (deploy/caddy/Caddyfile.local, which imports deploy/caddy/tafuta.caddy), started in an isolated
 * environment and stopped with bounded waits. Used by caddy.test.ts and the backup drill.
 */
export const CADDY = process.env.CADDY_BIN ?? '/usr/bin/caddy';
export const localCaddyfile = fileURLToPath(new URL('../../caddy/Caddyfile.local', import.meta.url));

export function requireCaddy(): void {
  if (!fs.existsSync(CADDY)) {
    throw new Error(`Caddy is not installed at ${CADDY}: apt-get install caddy (CI does this in .ci/run)`);
  }
}

/** Caddy's environment: only what the Caddyfile reads, and private data/config folders under `scratch`. */
export function caddyEnv(scratch: string, extra: Record<string, string>): Record<string, string> {
  const home = fs.mkdtempSync(path.join(scratch, 'home-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    ...extra,
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP/1.1 request to 127.0.0.1:`port`, without keep-alive; rejects on a connection error or timeout. */
export function request(
  port: number,
  urlPath: string,
  options: { host?: string; method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${urlPath} timed out`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The promise's value, or 'timeout' if it has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** SIGTERM, then SIGKILL if it has not gone within the grace period. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if ((await within(exited(child), 5_000)) === 'timeout') {
    child.kill('SIGKILL');
    await within(exited(child), 2_000);
  }
}

export interface LocalCaddy {
  /** The loopback port Caddy listens on. */
  port: number;
  /** Everything Caddy has printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; safe to call more than once. */
  stop(): Promise<void>;
}

export interface LocalCaddyOptions {
  /** A folder for Caddy's private HOME (removed by the caller). */
  scratch: string;
  /** The Node app, host:port; a closed port is fine when only Caddy's own routes (/media, the PWA) are used. */
  appUpstream: string;
  webRoot: string;
  mediaRoot: string;
  /** Created if missing; access.log is written here. */
  logDir: string;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

/** Runs deploy/caddy/Caddyfile.local on a free loopback port and resolves once it answers HTTP. */
export async function startLocalCaddy(options: LocalCaddyOptions): Promise<LocalCaddy> {
  requireCaddy();
  fs.mkdirSync(options.logDir, { recursive: true });
  const port = await freePort();
  let output = '';
  let failure: Error | undefined;
  const child = spawn(CADDY, ['run', '--config', localCaddyfile, '--adapter', 'caddyfile'], {
    env: caddyEnv(options.scratch, {
      HTTP_PORT: String(port),
      APP_UPSTREAM: options.appUpstream,
      WEB_ROOT: options.webRoot,
      MEDIA_ROOT: options.mediaRoot,
      LOG_DIR: options.logDir,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('error', (error) => (failure = error));
  const caddy: LocalCaddy = { port, output: () => output, stop: () => stopProcess(child) };

  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  for (;;) {
    // Probe a path Caddy answers from disk: page paths go to the app, and with no app behind it Caddy
    // keeps retrying the upstream for lb_try_duration (5 s) before it answers 502.
    const answered = await request(port, '/media/', { timeoutMs: 1_000 }).then(
      () => true,
      () => false,
    );
    if (answered) return caddy;
    if (failure || child.exitCode !== null || Date.now() > deadline) {
      await caddy.stop();
      throw new Error(`Caddy did not start${failure ? ` (${failure.message})` : ''}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
