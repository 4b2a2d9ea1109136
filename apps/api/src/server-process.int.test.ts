import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from './test/database.js';
import { freePort } from './test/ports.js';

/**
 * The real process entry (main.ts) as an operator runs it: it starts, migrates, serves, and stops
 * cleanly on a signal; bad configuration and an unreachable database stop it with a clear message.
 */
const database = useTestDatabase();
const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function startServer(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-proc-'));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', mainFile], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output, dataDir };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('server process', () => {
  it('serves health on PORT and exits 0 after draining on SIGTERM', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: database.current.url, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200, 30_000);
      expect(server.output()).toContain(`Tafuta is running at http://localhost:${port}`);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  });

  it('gives up on an unreachable database after the configured time, exiting 1 with a clear message', async () => {
    const server = startServer({
      DATABASE_URL: 'postgres://tafuta@127.0.0.1:1/tafuta',
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      PORT: String(await freePort()),
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Tafuta could not start: The database did not answer within 2 s');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('refuses to start in production with a weak secret, naming the variable', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      DATABASE_URL: database.current.url,
      JWT_SECRET: 'too-short',
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('JWT_SECRET is shorter than 32 bytes');
    expect(server.output()).toContain('SESSION_SECRET is missing');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });
});
