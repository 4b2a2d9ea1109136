import crypto from 'node:crypto';

export type MarketingChannel = 'sms' | 'email';

function signature(secret: string, userId: string, channel: MarketingChannel): string {
  return crypto.createHmac('sha256', secret).update(`${userId}:${channel}`).digest('base64url');
}

/** EP-ME-13 / ERRATA 24: an HMAC of user_id and channel that never expires. */
export function unsubscribeToken(secret: string, userId: string, channel: MarketingChannel): string {
  return `${userId}.${channel}.${signature(secret, userId, channel)}`;
}

/** Accepts tokens signed with the current or the previous key (rotation). */
export function readUnsubscribeToken(
  secrets: readonly string[],
  token: string,
): { userId: string; channel: MarketingChannel } | null {
  const [userId, channel, mac, ...rest] = token.split('.');
  if (rest.length > 0 || !userId || !mac || (channel !== 'sms' && channel !== 'email')) return null;
  if (!/^[0-9a-f-]{36}$/.test(userId)) return null;
  const given = Buffer.from(mac);
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, userId, channel));
    if (expected.length === given.length && crypto.timingSafeEqual(expected, given))
      return { userId, channel };
  }
  return null;
}
