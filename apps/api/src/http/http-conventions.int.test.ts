import { errorEnvelopeSchema } from '@tafuta/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/app.js';
import { useTestDatabase } from '../test/database.js';

const database = useTestDatabase();
const app = () => buildTestApp(database.current.db);

/** TST-15: every error reply is the catalogued envelope with a request id. */
function expectErrorEnvelope(body: unknown, code: string) {
  const parsed = errorEnvelopeSchema.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.request_id).toMatch(/.{8,}/);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
  return parsed;
}

describe('API conventions (API-02, API-05, API-10, API-18)', () => {
  it('answers an unknown path or method with 404 NOT_FOUND in the envelope', async () => {
    const unknownPath = await request(app()).get('/api/no-such-thing').expect(404);
    expectErrorEnvelope(unknownPath.body, 'NOT_FOUND');
    const unknownMethod = await request(app()).delete('/api/health').expect(404);
    expectErrorEnvelope(unknownMethod.body, 'NOT_FOUND');
  });

  it('puts the same request id in the header and the error body, reusing a proxy id', async () => {
    const response = await request(app())
      .get('/api/missing')
      .set('X-Request-Id', 'proxy-id-0001')
      .expect(404);
    expect(response.headers['x-request-id']).toBe('proxy-id-0001');
    expect(response.body.error.request_id).toBe('proxy-id-0001');
    const invented = await request(app())
      .get('/api/missing')
      .set('X-Request-Id', 'bad id <script>alert(1)</script>');
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400 INVALID_INPUT, never a 500', async () => {
    const response = await request(app())
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send('{"full_name": "Mwende", ')
      .expect(400);
    expectErrorEnvelope(response.body, 'INVALID_INPUT');
  });

  it('refuses a bare JSON primitive as a body', async () => {
    const response = await request(app())
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send('"just a string"')
      .expect(400);
    expectErrorEnvelope(response.body, 'INVALID_INPUT');
  });

  it('answers a JSON body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(app())
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }))
      .expect(413);
    expectErrorEnvelope(response.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a body in another format with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const response = await request(app())
        .post('/api/anything')
        .set('Content-Type', type)
        .send('a=1')
        .expect(415);
      expectErrorEnvelope(response.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses a JSON body in a charset other than UTF-8', async () => {
    const response = await request(app())
      .post('/api/anything')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{}')
      .expect(415);
    expectErrorEnvelope(response.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('marks API replies as not cacheable by default (API-12)', async () => {
    const response = await request(app()).get('/api/missing');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('security headers (SEC-03)', () => {
  it('sends the specified headers on API replies and the app shell', async () => {
    for (const path of ['/api/health', '/']) {
      const response = await request(app()).get(path);
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: https:;" +
          "connect-src 'self';font-src 'self';worker-src 'self';manifest-src 'self';object-src 'none';" +
          "base-uri 'self';frame-ancestors 'none';form-action 'self'",
      );
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['permissions-policy']).toBe(
        'camera=(), microphone=(), payment=(), geolocation=(self)',
      );
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-site');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('CORS and origin checks (SEC-02, TST-13)', () => {
  it('grants the main origin credentialed access with the specified headers', async () => {
    const preflight = await request(app())
      .options('/api/health')
      .set('Origin', 'https://tafuta.ke')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://tafuta.ke');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,POST,PATCH,PUT,DELETE');
    expect(preflight.headers['access-control-allow-headers']).toBe(
      'Content-Type,Idempotency-Key,X-Request-Id,X-Background-Request',
    );
    expect(preflight.headers['access-control-max-age']).toBe('600');
  });

  it('gives a business website read-only access without credentials', async () => {
    const response = await request(app()).get('/api/health').set('Origin', 'https://shop.machakos.tafuta.ke');
    expect(response.headers['access-control-allow-origin']).toBe('https://shop.machakos.tafuta.ke');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await request(app())
      .options('/api/health')
      .set('Origin', 'https://mamambogaskiosk.tafuta.ke')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET');
  });

  it('gives other origins no CORS headers at all', async () => {
    for (const origin of [
      'https://evil.example',
      'https://tafuta.ke.evil.example',
      'http://shop.tafuta.ke',
    ]) {
      const response = await request(app()).get('/api/health').set('Origin', origin);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('refuses a state-changing request from a foreign origin with 403 FORBIDDEN', async () => {
    const response = await request(app())
      .post('/api/anything')
      .set('Origin', 'https://evil.example')
      .send({ a: 1 })
      .expect(403);
    expectErrorEnvelope(response.body, 'FORBIDDEN');
    const fromBusinessSite = await request(app())
      .post('/api/anything')
      .set('Origin', 'https://shop.tafuta.ke')
      .send({ a: 1 })
      .expect(403);
    expectErrorEnvelope(fromBusinessSite.body, 'FORBIDDEN');
  });

  it('lets writes from the main origin and staging origins through', async () => {
    await request(app()).post('/api/anything').set('Origin', 'https://tafuta.ke').send({ a: 1 }).expect(404);
    const staging = buildTestApp(database.current.db, {
      env: { CORS_ALLOWED_ORIGINS: 'https://staging.tafuta.ke' },
    });
    await request(staging)
      .post('/api/anything')
      .set('Origin', 'https://staging.tafuta.ke')
      .send({})
      .expect(404);
  });

  it('falls back to the Referer’s origin when a write carries no Origin (SES-14)', async () => {
    const foreign = await request(app())
      .post('/api/anything')
      .set('Referer', 'https://evil.example/page')
      .send({ a: 1 })
      .expect(403);
    expectErrorEnvelope(foreign.body, 'FORBIDDEN');
    const garbled = await request(app())
      .post('/api/anything')
      .set('Referer', 'not a url')
      .send({ a: 1 })
      .expect(403);
    expectErrorEnvelope(garbled.body, 'FORBIDDEN');
    // Our own page as Referer reaches the route (here: no such route).
    const own = await request(app())
      .post('/api/anything')
      .set('Referer', 'https://tafuta.ke/config')
      .send({ a: 1 })
      .expect(404);
    expectErrorEnvelope(own.body, 'NOT_FOUND');
    // Neither header (a non-browser client): not refused by the origin check.
    const bare = await request(app()).post('/api/anything').send({ a: 1 }).expect(404);
    expectErrorEnvelope(bare.body, 'NOT_FOUND');
  });

  it('exempts the payment webhook from the origin check (SES-14)', async () => {
    const response = await request(app())
      .post('/api/payments/webhook')
      .set('Origin', 'https://evil.example')
      .send({ a: 1 });
    expect(response.status).not.toBe(403);
    const elsewhere = await request(app())
      .post('/api/payments/other')
      .set('Origin', 'https://evil.example')
      .send({ a: 1 })
      .expect(403);
    expectErrorEnvelope(elsewhere.body, 'FORBIDDEN');
  });

  it('allows the local development origins only in development', async () => {
    const development = buildTestApp(database.current.db, { env: { NODE_ENV: 'development' } });
    const allowed = await request(development).get('/api/health').set('Origin', 'http://localhost:5173');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const refused = await request(app()).get('/api/health').set('Origin', 'http://localhost:5173');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the web app on the same port', () => {
  it('serves index.html for app routes and never for API paths', async () => {
    const page = await request(app()).get('/region/machakos').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-cache');
    await request(app()).get('/api/region/machakos').expect(404);
  });

  it('caches hashed assets for a year and answers a missing file with 404', async () => {
    const asset = await request(app()).get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app()).get('/assets/missing-123.js').expect(404);
    expectErrorEnvelope(missing.body, 'NOT_FOUND');
  });
});
