/**
 * What the PesaPal simulator remembers: tokens, registered IPN URLs, orders and the IPNs it sent. In
 * memory and capped, so a long-running development server cannot grow without end.
 */
import crypto from 'node:crypto';
import type { IpnDelivery, IpnMethod } from './simulator-ipn.js';

export type OrderState = 'PENDING' | 'INVALID' | 'COMPLETED' | 'FAILED' | 'REVERSED';

export interface SimulatedOrder {
  orderTrackingId: string;
  merchantReference: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  cancellationUrl: string | null;
  notificationId: string;
  billing: Record<string, string>;
  createdAt: Date;
  state: OrderState;
  /** What the status reports once the customer acted (amount may be tampered with by tests). */
  paid: {
    amount: number;
    currency: string;
    confirmationCode: string;
    paymentMethod: string;
    paymentAccount: string;
    at: Date;
  } | null;
}

export interface SimulatedIpn {
  ipnId: string;
  url: string;
  method: IpnMethod;
  createdAt: Date;
}

export interface RecordInput {
  outcome: 'COMPLETED' | 'FAILED' | 'REVERSED';
  amount?: number | undefined;
  currency?: string | undefined;
  paymentMethod?: string | undefined;
}

const DEFAULT_MAX_ORDERS = 10_000;
const MAX_IPN_LOG = 1_000;
const MAX_TOKENS = 10_000;
const MAX_IPNS = 100;
const REFERENCE = /^[A-Za-z0-9._:-]{1,50}$/;

type SubmitResult = { order: SimulatedOrder } | { error: { code: string; message: string } };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** M-Pesa style receipt code: ten capitals and digits. */
function confirmationCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const bytes = crypto.randomBytes(9);
  return `S${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

/** PesaPal masks the payer's account as `2547xxxxx678`. */
export function maskedAccount(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const international = digits.startsWith('0') ? `254${digits.slice(1)}` : digits;
  if (international.length < 8) return '';
  return `${international.slice(0, 4)}${'x'.repeat(international.length - 7)}${international.slice(-3)}`;
}

export function createSimulatorState(options: {
  maxOrders?: number | undefined;
  tokenTtlSeconds?: number | undefined;
}) {
  const maxOrders = options.maxOrders ?? DEFAULT_MAX_ORDERS;
  const ttlMs = (options.tokenTtlSeconds ?? 300) * 1000;
  let orders = new Map<string, SimulatedOrder>();
  let references = new Map<string, string>();
  let tokens = new Map<string, number>();
  let ipns: SimulatedIpn[] = [];
  let ipnLog: IpnDelivery[] = [];

  const copy = (order: SimulatedOrder): SimulatedOrder => ({
    ...order,
    billing: { ...order.billing },
    paid: order.paid ? { ...order.paid } : null,
  });

  function validate(body: Record<string, unknown>): { code: string; message: string } | null {
    const id = text(body.id);
    if (!REFERENCE.test(id))
      return { code: 'invalid_merchant_reference', message: 'id must be 1-50 characters' };
    if (references.has(id)) {
      return { code: 'duplicate_order_reference', message: 'An order with this merchant reference exists' };
    }
    if (text(body.currency) !== 'KES') return { code: 'invalid_currency', message: 'currency must be KES' };
    if (typeof body.amount !== 'number' || !(body.amount > 0)) {
      return { code: 'invalid_amount', message: 'amount must be a positive number' };
    }
    const description = text(body.description);
    if (description.length === 0 || description.length > 100) {
      return { code: 'invalid_description', message: 'description must be 1-100 characters' };
    }
    if (!URL.canParse(text(body.callback_url))) {
      return { code: 'invalid_callback_url', message: 'callback_url must be a URL' };
    }
    if (!ipns.some((ipn) => ipn.ipnId === text(body.notification_id))) {
      return { code: 'invalid_notification_id', message: 'notification_id is not a registered IPN' };
    }
    const billing = (body.billing_address ?? {}) as Record<string, unknown>;
    if (!text(billing.phone_number) && !text(billing.email_address)) {
      return { code: 'missing_billing_contact', message: 'phone_number or email_address is required' };
    }
    return null;
  }

  function evictOldest(): void {
    while (orders.size > maxOrders) {
      const oldest = orders.values().next().value;
      if (!oldest) break;
      orders.delete(oldest.orderTrackingId);
      references.delete(oldest.merchantReference);
    }
  }

  function mustFind(id: string): SimulatedOrder {
    const order = orders.get(id);
    if (!order) throw new Error(`No simulated order ${id}`);
    return order;
  }

  return {
    issueToken(): { token: string; expiresAt: Date } {
      const now = Date.now();
      for (const [token, expires] of tokens) if (expires <= now) tokens.delete(token);
      // Map order is issue order: past the cap, the oldest tokens go first.
      for (const token of tokens.keys()) {
        if (tokens.size < MAX_TOKENS) break;
        tokens.delete(token);
      }
      const token = crypto.randomBytes(32).toString('base64url');
      tokens.set(token, now + ttlMs);
      return { token, expiresAt: new Date(now + ttlMs) };
    },
    tokenValid: (token: string) => (tokens.get(token) ?? 0) > Date.now(),
    expireTokens: () => {
      tokens = new Map();
    },

    registerIpn(url: string, method: IpnMethod): SimulatedIpn {
      // Like PesaPal: every registration is a new id, even for a URL already registered (INT-023).
      const ipn = { ipnId: crypto.randomUUID(), url, method, createdAt: new Date() };
      ipns = [...ipns, ipn].slice(-MAX_IPNS);
      return ipn;
    },
    ipns: () => ipns.map((ipn) => ({ ...ipn })),
    ipn: (ipnId: string) => ipns.find((ipn) => ipn.ipnId === ipnId),

    submit(body: Record<string, unknown>): SubmitResult {
      const error = validate(body);
      if (error) return { error };
      const billing = Object.fromEntries(
        Object.entries((body.billing_address ?? {}) as Record<string, unknown>).map(([key, value]) => [
          key,
          text(value),
        ]),
      );
      const order: SimulatedOrder = {
        orderTrackingId: crypto.randomUUID(),
        merchantReference: text(body.id),
        amount: body.amount as number,
        currency: 'KES',
        description: text(body.description),
        callbackUrl: text(body.callback_url),
        cancellationUrl: URL.canParse(text(body.cancellation_url)) ? text(body.cancellation_url) : null,
        notificationId: text(body.notification_id),
        billing,
        createdAt: new Date(),
        state: 'PENDING',
        paid: null,
      };
      orders.set(order.orderTrackingId, order);
      references.set(order.merchantReference, order.orderTrackingId);
      evictOldest();
      return { order: copy(order) };
    },

    order: (id: string) => {
      const order = orders.get(id);
      return order ? copy(order) : undefined;
    },
    orders: () => Array.from(orders.values(), copy),

    record(id: string, input: RecordInput): void {
      const order = mustFind(id);
      const previous = order.paid;
      order.state = input.outcome;
      order.paid = {
        amount: input.amount ?? previous?.amount ?? order.amount,
        currency: input.currency ?? previous?.currency ?? order.currency,
        // A reversal keeps the receipt code of the payment it reverses; a failure has none.
        confirmationCode: input.outcome === 'FAILED' ? '' : previous?.confirmationCode || confirmationCode(),
        paymentMethod: input.paymentMethod ?? previous?.paymentMethod ?? 'MpesaKE',
        paymentAccount: maskedAccount(order.billing.phone_number ?? ''),
        at: new Date(),
      };
    },
    cancel(id: string): void {
      const order = mustFind(id);
      if (order.state === 'PENDING') order.state = 'INVALID';
    },

    logIpn(delivery: IpnDelivery): void {
      ipnLog.push(delivery);
      if (ipnLog.length > MAX_IPN_LOG) ipnLog = ipnLog.slice(-MAX_IPN_LOG);
    },
    ipnLog: () => ipnLog.map((delivery) => ({ ...delivery })),

    reset(): void {
      orders = new Map();
      references = new Map();
      tokens = new Map();
      ipns = [];
      ipnLog = [];
    },
  };
}
