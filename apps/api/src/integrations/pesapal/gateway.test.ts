/** The IPN id the payments module gets (INT-120, INT-122), with the real client against the simulator. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import { createPesapalClient } from './client.js';
import { createPesapalGateway } from './gateway.js';
import { createPesapalSimulator, type PesapalSimulator } from './simulator.js';

const IPN_URL = 'https://tafuta.ke/api/payments/webhook';
let sim: PesapalSimulator;
let server: SimulatorServer;
const memory = createMemoryLogger();

beforeAll(async () => {
  sim = createPesapalSimulator();
  server = await startSimulatorServer(sim.router);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  sim.reset();
  memory.lines.length = 0;
});

const gateway = (configuredIpnId?: string, baseUrl = server.url) =>
  createPesapalGateway({
    client: createPesapalClient({
      baseUrl,
      consumerKey: 'k',
      consumerSecret: 's',
      logger: memory.logger,
      backoffBaseMs: 1,
    }),
    callbackUrl: 'https://tafuta.ke/config/payments/return',
    ipnUrl: IPN_URL,
    configuredIpnId,
    logger: memory.logger,
  });

const errors = () => memory.lines.filter((line) => line.level === 'error').map((line) => line.message);

describe('PesaPal gateway', () => {
  it('registers the IPN URL once and remembers the id', async () => {
    const pesapal = gateway();
    const [first, second] = await Promise.all([pesapal.ipnId(), pesapal.ipnId()]);
    expect(second).toBe(first);
    expect(await pesapal.ipnId()).toBe(first);
    expect(sim.ipns()).toEqual([{ ipnId: first, url: IPN_URL, method: 'POST' }]);
    expect(sim.calls('ipn_list')).toBe(1);
  });

  it('uses PESAPAL_IPN_ID without asking PesaPal', async () => {
    expect(await gateway('configured-id').ipnId()).toBe('configured-id');
    expect(sim.calls('token')).toBe(0);
  });

  it('forgets a failed look-up so the next payment asks again', async () => {
    const pesapal = gateway();
    sim.failNext('ipn_list', { kind: '500' });
    await expect(pesapal.ipnId()).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await pesapal.ipnId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('start-up check: registers when unset, and logs an error for an unknown or re-pointed PESAPAL_IPN_ID', async () => {
    await gateway().checkRegistration();
    expect(sim.ipns()).toHaveLength(1);
    expect(errors()).toEqual([]);

    await gateway('00000000-0000-0000-0000-000000000000').checkRegistration();
    expect(errors()).toEqual([
      'PESAPAL_IPN_ID is not registered with PesaPal; payments will not be confirmed',
    ]);

    memory.lines.length = 0;
    const other = await createPesapalClient({
      baseUrl: server.url,
      consumerKey: 'k',
      consumerSecret: 's',
      logger: memory.logger,
    }).ensureIpnRegistered('https://old.tafuta.ke/ipn');
    await gateway(other).checkRegistration();
    expect(errors()).toEqual(['PESAPAL_IPN_ID points to another URL than PESAPAL_IPN_URL']);
  });

  it('start-up check never throws when PesaPal is unreachable', async () => {
    await gateway(undefined, 'http://127.0.0.1:9').checkRegistration();
    expect(errors()).toContain('PesaPal IPN check failed');
  });
});
