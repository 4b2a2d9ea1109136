/** INT-503 contract tests: the real Cloudflare client against the simulator on loopback. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import { classifyFailure, createCloudflareClient, type CloudflareClientOptions } from './cloudflare.js';
import { DnsProviderError } from './provider.js';
import { createCloudflareSimulator, type CloudflareSimulator } from './simulator.js';

const TOKEN = 'cf-token-secret-4711-abcdef';
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const BUSINESS = '550e8400-e29b-41d4-a716-446655440000';

let simulator: CloudflareSimulator;
let server: SimulatorServer;
const memory = createMemoryLogger();

beforeAll(async () => {
  simulator = createCloudflareSimulator({ apiToken: TOKEN, zoneId: ZONE });
  server = await startSimulatorServer(simulator.router);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  simulator.reset();
});

const client = (overrides: Partial<CloudflareClientOptions> = {}) =>
  createCloudflareClient({
    baseUrl: server.url,
    apiToken: TOKEN,
    zoneId: ZONE,
    apexDomain: 'tafuta.ke',
    version: '0.0.0-test',
    logger: memory.logger,
    backoffBaseMs: 1,
    ...overrides,
  });

async function failure(promise: Promise<unknown>): Promise<DnsProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DnsProviderError) return error;
    throw error;
  }
  throw new Error('expected a DnsProviderError');
}

describe('Cloudflare client against the simulator', () => {
  it('verifies an active token and reports a wrong one as inactive', async () => {
    expect(await client().verifyToken()).toBe(true);
    expect(await client({ apiToken: 'wrong' }).verifyToken()).toBe(false);
  });

  it('creates a proxied CNAME to the apex with the business comment (INT-403, INT-410)', async () => {
    const { record, action } = await client().ensureRecord('doreen', BUSINESS);
    expect(action).toBe('created');
    expect(simulator.records()).toEqual([
      expect.objectContaining({
        id: record.id,
        type: 'CNAME',
        name: 'doreen.tafuta.ke',
        content: 'tafuta.ke',
        proxied: true,
        ttl: 1,
        comment: `tafuta:business:${BUSINESS}`,
      }),
    ]);
  });

  it('ensuring a record twice makes one record (INT-503)', async () => {
    const first = await client().ensureRecord('doreen', BUSINESS);
    const second = await client().ensureRecord('doreen', BUSINESS);
    expect(second.action).toBe('unchanged');
    expect(second.record.id).toBe(first.record.id);
    expect(simulator.records({ name: 'doreen.tafuta.ke' })).toHaveLength(1);
  });

  it('a create answered with 81058 ends in success with the existing record (INT-503)', async () => {
    simulator.createThenAnswer(81058);
    const { record, action } = await client().ensureRecord('doreen', BUSINESS);
    expect(action).toBe('adopted');
    expect(simulator.records()).toHaveLength(1);
    expect(record.id).toBe(simulator.records()[0]!.id);
  });

  it('patches an existing record that is not proxied or points elsewhere (INT-404)', async () => {
    const stray = simulator.addRecord({
      name: 'doreen.tafuta.ke',
      content: 'old.example.com',
      proxied: false,
    });
    const { record, action } = await client().ensureRecord('doreen', BUSINESS);
    expect(action).toBe('patched');
    expect(record.id).toBe(stray.id);
    expect(simulator.records()[0]).toMatchObject({ content: 'tafuta.ke', proxied: true });
  });

  it('refuses for good when a manual A record holds the name (81053)', async () => {
    simulator.addRecord({ name: 'doreen.tafuta.ke', type: 'A', content: '192.0.2.1' });
    const error = await failure(client().ensureRecord('doreen', BUSINESS));
    expect(error.kind).toBe('blocked');
    expect(error.retryable).toBe(false);
    expect(error.details.codes).toContain(81053);
  });

  it('delete of a missing record succeeds (INT-503), delete of an existing one removes it', async () => {
    await client().removeRecord('0123456789abcdef0123456789abcdef');
    const { record } = await client().ensureRecord('doreen', BUSINESS);
    await client().removeRecord(record.id);
    expect(simulator.records()).toEqual([]);
  });

  it('a wrong token is an authentication failure, not retried', async () => {
    const before = simulator.calls();
    const error = await failure(client({ apiToken: 'wrong-token' }).ensureRecord('doreen', BUSINESS));
    expect(error.kind).toBe('auth');
    expect(error.details).toMatchObject({ httpStatus: 403, codes: [10000] });
    expect(simulator.calls() - before).toBe(1);
  });

  it('repeats a 429 and then succeeds', async () => {
    simulator.failNext(1, 429);
    const { action } = await client().ensureRecord('doreen', BUSINESS);
    expect(action).toBe('created');
    expect(simulator.records()).toHaveLength(1);
  });

  it('reports 5xx that outlast the inline retry as retryable', async () => {
    simulator.failNext(2, 503);
    const error = await failure(client().ensureRecord('doreen', BUSINESS));
    expect(error.kind).toBe('retryable');
    expect(simulator.records()).toEqual([]);
  });

  it('reports a dead connection as retryable', async () => {
    const error = await failure(client({ baseUrl: 'http://127.0.0.1:9' }).findRecord('doreen.tafuta.ke'));
    expect(error.kind).toBe('retryable');
  });

  it('lists only the records carrying the tafuta:business: comment, across pages', async () => {
    for (let n = 0; n < 120; n += 1) {
      simulator.addRecord({
        name: `site${n}.tafuta.ke`,
        content: 'tafuta.ke',
        comment: `tafuta:business:${BUSINESS}`,
      });
    }
    simulator.addRecord({ name: 'www.tafuta.ke', content: 'tafuta.ke', comment: 'by hand' });
    const managed = await client().listManagedRecords();
    expect(managed).toHaveLength(120);
    expect(managed.map((record) => record.name)).not.toContain('www.tafuta.ke');
  });

  it('never logs the token', async () => {
    await client().ensureRecord('doreen', BUSINESS);
    await failure(client({ apiToken: `${TOKEN}-x` }).ensureRecord('other', BUSINESS));
    const text = JSON.stringify(memory.lines);
    expect(memory.lines.some((line) => line.integration === 'cloudflare')).toBe(true);
    expect(text).not.toContain(TOKEN);
  });
});

describe('classifyFailure (INT-406)', () => {
  it.each([
    [400, [81053], 'blocked'],
    [400, [81054], 'blocked'],
    [403, [10000], 'auth'],
    [400, [9109], 'auth'],
    [429, [], 'retryable'],
    [500, [], 'retryable'],
    [503, [], 'retryable'],
    [400, [9005], 'permanent'],
  ] as const)('HTTP %i with %j is %s', (status, codes, kind) => {
    expect(classifyFailure(status, codes)).toBe(kind);
  });
});
