/**
 * What must never reach a log line (SEC-05, ALOG-03, INT-031), in one place so the request logger, the
 * error logger and every module's own log calls share it.
 */

const SECRET_KEYS = new Set(
  [
    'password',
    'new_password',
    'current_password',
    'password_hash',
    'code',
    'otp',
    'otp_code',
    'token',
    'access_token',
    'refresh_token',
    'secret',
    'api_key',
    'cookie',
    'set-cookie',
    'authorization',
    'idempotency-key',
    'x-api-key',
    'apikey',
    'consumer_secret',
    'signature',
  ].map((key) => key.toLowerCase()),
);

/** Keys whose whole value is dropped: a raw body may hold any of the above in a shape we cannot walk. */
const DROPPED_KEYS = new Set(['body', 'rawbody', 'raw_body', 'headers']);

const REDACTED = '[REDACTED]';
const MAX_DEPTH = 6;

/** Kenyan numbers in any common spelling, masked per PHN-07: +254712***678. */
const PHONE_PATTERN = /(?:\+?254|\b0)([17]\d{2})(\d{3})(\d{3})\b/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE_PATTERN, (_match, prefix: string, _middle: string, last: string) => {
    return `+254${prefix}***${last}`;
  });
}

const QUERY_KEYS_TO_MASK = new Set(['token', 'code', 'phone', 'otp', 't', 'password']);

/** SEC-05: query values of token, code and phone are masked in logged paths. */
export function maskUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return maskPhones(url);
  const pathPart = url.slice(0, queryStart);
  const params = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const [rawKey = '', ...rest] = pair.split('=');
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // Malformed escapes stay as written; masking still applies to the raw key.
      }
      return QUERY_KEYS_TO_MASK.has(key.toLowerCase()) && rest.length > 0 ? `${rawKey}=***` : pair;
    });
  return maskPhones(`${pathPart}?${params.join('&')}`);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactError(value);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (DROPPED_KEYS.has(lower)) continue;
    result[key] = SECRET_KEYS.has(lower) ? REDACTED : redact(inner, depth + 1);
  }
  return result;
}

/**
 * Errors keep only what helps debugging; arbitrary properties (a parser's raw `body`) are dropped. The
 * error's own code (SQLSTATE, errno) is kept as `error_code`, because any key named `code` is redacted
 * as a possible OTP.
 */
export function redactError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: maskPhones(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { error_code: code } : {}),
    ...(error.stack ? { stack: maskPhones(error.stack) } : {}),
  };
}
