/**
 * RL-01's endpoint classes, each with one named definition (RL-05). Money-costing classes (they end in
 * an SMS) fail closed: when the counter store cannot be reached the request is refused, not waved through.
 */
export interface RateLimitClass {
  name: string;
  windowMs: number;
  limit: number;
  failClosed: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RATE_LIMIT_CLASSES = {
  globalSignedIn: { name: 'global-user', windowMs: MINUTE, limit: 60, failClosed: false },
  globalStaff: { name: 'global-staff', windowMs: MINUTE, limit: 120, failClosed: false },
  publicSearch: { name: 'search-ip', windowMs: MINUTE, limit: 30, failClosed: false },
  otpSendCooldownPerPhone: { name: 'otp-phone-60s', windowMs: MINUTE, limit: 1, failClosed: true },
  otpSendPerPhoneHour: { name: 'otp-phone-1h', windowMs: HOUR, limit: 5, failClosed: true },
  otpSendPerPhoneDay: { name: 'otp-phone-24h', windowMs: 24 * HOUR, limit: 10, failClosed: true },
  otpSendPerIpHour: { name: 'otp-ip-1h', windowMs: HOUR, limit: 30, failClosed: true },
  codeChecksPerPhone: { name: 'code-check-phone', windowMs: 15 * MINUTE, limit: 25, failClosed: true },
  passwordSignInPerPhone: { name: 'password-phone', windowMs: 15 * MINUTE, limit: 25, failClosed: true },
  staffSignInPerEmail: { name: 'staff-email', windowMs: 15 * MINUTE, limit: 10, failClosed: true },
  // ERRATA 7 adopts admin.md's 20 per IP (ADM-033).
  staffSignInPerIp: { name: 'staff-ip', windowMs: 15 * MINUTE, limit: 20, failClosed: true },
  uploadsPerUser: { name: 'upload-user', windowMs: MINUTE, limit: 5, failClosed: false },
  eventsPerIp: { name: 'events-ip', windowMs: MINUTE, limit: 60, failClosed: false },
  unsubscribePerIp: { name: 'unsubscribe-ip', windowMs: MINUTE, limit: 10, failClosed: false },
  // PAY-321: payment initiations per user (each one raises a PesaPal order).
  paymentInitiatePerUser: { name: 'payment-initiate-user', windowMs: HOUR, limit: 10, failClosed: false },
  // INT-141: PesaPal's IPNs, per source address (they are otherwise exempt from the global classes).
  paymentIpnPerIp: { name: 'ipn-ip', windowMs: MINUTE, limit: 60, failClosed: false },
} as const satisfies Record<string, RateLimitClass>;

/** The anonymous global class takes its numbers from RATE_LIMIT_WINDOW / RATE_LIMIT_MAX_REQUESTS. */
export function globalAnonymousClass(windowMs: number, limit: number): RateLimitClass {
  return { name: 'global-ip', windowMs, limit, failClosed: false };
}

/** RL-01 "Exempt": health, the payment webhook and the browser's return from the gateway. */
export const RATE_LIMIT_EXEMPT_PATHS = ['/api/health', '/api/payments/webhook', '/api/payments/callback'];
