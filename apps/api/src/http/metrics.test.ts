import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { mayReadMetrics, routeLabel } from './metrics.js';

const fakeRequest = (input: {
  originalUrl: string;
  baseUrl?: string;
  route?: string | RegExp;
  method?: string;
  remoteAddress?: string;
  headers?: Record<string, string>;
}) =>
  ({
    originalUrl: input.originalUrl,
    baseUrl: input.baseUrl ?? '',
    route: input.route === undefined ? undefined : { path: input.route },
    method: input.method ?? 'GET',
    socket: { remoteAddress: input.remoteAddress ?? '127.0.0.1' },
    get: (name: string) => input.headers?.[name.toLowerCase()],
  }) as unknown as Request;

describe('routeLabel', () => {
  it('joins the mount path in front of the route pattern, with or without the router still entered', () => {
    const uuid = '0b7d1c9e-6a43-4d55-9a3f-2f1f4b8a9c10';
    expect(
      routeLabel(
        fakeRequest({ originalUrl: `/api/users/${uuid}?x=1`, baseUrl: '/api', route: '/users/:id' }),
        200,
      ),
    ).toBe('/api/users/:id');
    // After next(error) the router has left: baseUrl is empty, the label is the same.
    expect(routeLabel(fakeRequest({ originalUrl: `/api/users/${uuid}/`, route: '/users/:id' }), 500)).toBe(
      '/api/users/:id',
    );
    // A router mounted on a parameter: the id in the mount path is collapsed.
    expect(
      routeLabel(
        fakeRequest({ originalUrl: `/api/businesses/${uuid}/media/12`, route: '/media/:mediaId' }),
        200,
      ),
    ).toBe('/api/businesses/:id/media/:mediaId');
    expect(
      routeLabel(fakeRequest({ originalUrl: `/media/daniels-salon_${uuid}/logo`, route: '/logo' }), 200),
    ).toBe('/media/:id/logo');
  });

  it('groups requests no route took, so probed URLs cannot mint labels', () => {
    expect(routeLabel(fakeRequest({ originalUrl: '/wp-login.php' }), 404)).toBe('(unmatched)');
    expect(routeLabel(fakeRequest({ originalUrl: '/assets/app-abc.js' }), 200)).toBe('(static)');
    expect(routeLabel(fakeRequest({ originalUrl: '/anything/at/all', route: /.*/ }), 200)).toBe('(web app)');
    expect(routeLabel(fakeRequest({ originalUrl: '/api/x', method: 'OPTIONS' }), 204)).toBe('(other)');
  });
});

describe('mayReadMetrics', () => {
  const token = 'a-metrics-token-with-enough-entropy-1234';

  it('lets loopback in unless a proxy relayed it for someone outside', () => {
    expect(mayReadMetrics(fakeRequest({ originalUrl: '/metrics' }), undefined)).toBe(true);
    expect(mayReadMetrics(fakeRequest({ originalUrl: '/metrics', remoteAddress: '::1' }), undefined)).toBe(
      true,
    );
    expect(
      mayReadMetrics(fakeRequest({ originalUrl: '/metrics', remoteAddress: '::ffff:127.0.0.1' }), undefined),
    ).toBe(true);
    expect(
      mayReadMetrics(fakeRequest({ originalUrl: '/metrics', remoteAddress: '10.0.0.5' }), undefined),
    ).toBe(false);
    const relayed: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
      { forwarded: 'for="[2001:db8::1]";proto=https' },
    ];
    for (const headers of relayed) {
      expect(mayReadMetrics(fakeRequest({ originalUrl: '/metrics', headers }), undefined)).toBe(false);
    }
  });

  it('lets the bearer token in from anywhere, and nothing else', () => {
    const from = (authorization: string) =>
      fakeRequest({ originalUrl: '/metrics', remoteAddress: '198.51.100.7', headers: { authorization } });
    expect(mayReadMetrics(from(`Bearer ${token}`), token)).toBe(true);
    expect(mayReadMetrics(from(`bearer ${token}`), token)).toBe(true);
    expect(mayReadMetrics(from(`Bearer ${token}0`), token)).toBe(false);
    expect(mayReadMetrics(from(`Basic ${token}`), token)).toBe(false);
    expect(mayReadMetrics(from('Bearer '), undefined)).toBe(false);
  });
});
