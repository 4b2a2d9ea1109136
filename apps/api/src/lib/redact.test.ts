import { describe, expect, it } from 'vitest';
import { maskPhones, maskUrl, redact, redactError } from './redact.js';

describe('maskPhones (PHN-07)', () => {
  it.each([
    ['+254712345678', '+254712***678'],
    ['254712345678', '+254712***678'],
    ['call 0712345678 now', 'call +254712***678 now'],
    ['0110123456', '+254110***456'],
  ])('masks %s', (input, expected) => {
    expect(maskPhones(input)).toBe(expected);
  });

  it('leaves ids and other numbers alone', () => {
    expect(maskPhones('order 5b0e0712345678ab, total 1160.00')).toBe('order 5b0e0712345678ab, total 1160.00');
  });
});

describe('maskUrl (SEC-05)', () => {
  it('masks token, code and phone query values and keeps the rest', () => {
    expect(maskUrl('/api/auth/verify?phone=%2B254712345678&code=123456&lang=sw&token=abc')).toBe(
      '/api/auth/verify?phone=***&code=***&lang=sw&token=***',
    );
  });

  it('masks phones written into the path', () => {
    expect(maskUrl('/api/admin/users/by-phone/0712345678')).toBe('/api/admin/users/by-phone/+254712***678');
  });
});

describe('redact', () => {
  it('replaces secret values at any depth and drops raw bodies and headers', () => {
    const result = redact({
      user: { password: 'Hunter22!', otp: '482913', nested: [{ token: 'abc' }] },
      Authorization: 'Bearer xyz',
      body: '{"password":"Hunter22!"}',
      headers: { cookie: 'tafuta_session=s%3Aabc' },
      note: 'phone 0712345678',
    });
    expect(result).toEqual({
      user: { password: '[REDACTED]', otp: '[REDACTED]', nested: [{ token: '[REDACTED]' }] },
      Authorization: '[REDACTED]',
      note: 'phone +254712***678',
    });
  });

  it('keeps errors to name, message, code and stack', () => {
    const error = Object.assign(new SyntaxError('Unexpected token p'), {
      body: '{"password":"Hunter22!"',
      code: 'E_PARSE',
    });
    const result = redactError(error);
    expect(Object.keys(result).sort()).toEqual(['error_code', 'message', 'name', 'stack']);
    expect(result.error_code).toBe('E_PARSE');
    // Walking the result again (as the logger does) keeps the error code readable.
    expect(redact({ err: result })).toMatchObject({ err: { error_code: 'E_PARSE' } });
    expect(JSON.stringify(result)).not.toContain('Hunter22!');
  });

  it('stops at a depth limit instead of walking a cycle forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(JSON.stringify(redact(cyclic))).toContain('[TRUNCATED]');
  });
});
