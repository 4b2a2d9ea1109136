/**
 * The embedded default: without PesaPal credentials the app serves the simulator itself at
 * /__simulators/pesapal, the client talks to it over loopback, the payment page opens at the app's own
 * address, and IPNs come back to the app's /api/payments/webhook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../http/logger.js';
import { createServices, type Services } from '../../services.js';
import { buildTestApp, testConfig } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';

const database = useTestDatabase();
let server: http.Server;
let appUrl: string;
let services: Services;

beforeAll(async () => {
  // The app's address is known only once it listens, and the config needs it: route through a holder.
  const holder: { app?: Express } = {};
  server = http.createServer((req, res) => {
    void holder.app?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { APP_URL: appUrl, SIMULATOR_URL: `${appUrl}/__simulators` };
  const logger = createLogger({ level: 'error', console: false });
  services = createServices({ config: testConfig(env), db: database.current.db, logger, version: 'test' });
  holder.app = buildTestApp(database.current.db, { env, logger, services });
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

describe('PesaPal simulator in the embedded default', () => {
  it('is chosen without credentials, registers the app IPN URL and hosts the payment page', async () => {
    const simulator = services.simulators?.pesapal;
    expect(simulator).toBeDefined();
    expect(services.pesapal.ipnUrl).toBe(`${appUrl}/api/payments/webhook`);
    expect(services.pesapal.callbackUrl).toBe(`${appUrl}/config/payments/return`);

    await services.pesapal.checkRegistration();
    const ipnId = await services.pesapal.ipnId();
    expect(simulator!.ipns()).toEqual([{ ipnId, url: `${appUrl}/api/payments/webhook`, method: 'POST' }]);

    const { orderTrackingId, redirectUrl } = await services.pesapal.client.submitOrder({
      merchantReference: '0f7d3b6e-2c1a-4b7e-9d0f-3a2b1c4d5e6f',
      amountKes: 1160,
      description: 'Tafuta services: 1 item for Mama Mboga',
      callbackUrl: services.pesapal.callbackUrl,
      notificationId: ipnId,
      billing: { phone: '+254712345678' },
    });
    expect(redirectUrl).toBe(`${appUrl}/__simulators/pesapal/sim/pay/${orderTrackingId}`);
    const page = await fetch(redirectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('KES 1,160.00');

    const paid = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain(`${appUrl}/config/payments/return?OrderTrackingId=`);
    // The IPN reached this app over HTTP (whatever the webhook answers while it is being built).
    expect(simulator!.ipnLog()).toEqual([
      expect.objectContaining({ url: `${appUrl}/api/payments/webhook`, method: 'POST', error: null }),
    ]);
    expect(simulator!.ipnLog()[0]!.httpStatus).toEqual(expect.any(Number));
    const status = await services.pesapal.client.getTransactionStatus(orderTrackingId);
    expect(status).toMatchObject({ status: 'COMPLETED', amount: 1160, currency: 'KES' });
  });
});
