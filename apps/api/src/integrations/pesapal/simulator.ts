/**
 * The PesaPal API 3.0 simulator (INT-170): token, IPN registration, orders and status with PesaPal's own
 * field names, a hosted payment page, and IPNs sent over real HTTP, so the real client and the real IPN
 * endpoint run unchanged in tests and in the embedded default. All state is in memory and bounded.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import type { Logger } from '../../http/logger.js';
import { sendIpn, type IpnDelivery, type IpnMethod } from './simulator-ipn.js';
import { PAGE_ACTIONS, renderMissingOrder, renderPaymentPage, type PageAction } from './simulator-page.js';
import { createSimulatorState, type OrderState, type SimulatedOrder } from './simulator-state.js';

export type { IpnDelivery, IpnMethod } from './simulator-ipn.js';
export type { OrderState, SimulatedIpn, SimulatedOrder } from './simulator-state.js';

export type SimulatedOutcome = 'COMPLETED' | 'FAILED' | 'REVERSED';
export type SimulatedOperation = 'token' | 'register_ipn' | 'ipn_list' | 'submit' | 'status' | 'refund';

export interface SimulatedFailure {
  /** `timeout`: the answer is held back `delayMs` (default 20 s), then given (an order is still created). */
  kind: 'timeout' | '401' | '429' | '500' | '502' | '503';
  count?: number;
  delayMs?: number;
}

export interface IpnOptions {
  /** Copies sent at once (INT-170 `ipn_copies`): duplicates the IPN endpoint must shrug off. */
  times?: number;
  delayMs?: number;
  /** Overrides the method the IPN was registered with. */
  method?: IpnMethod;
}

export interface CompleteOptions extends IpnOptions {
  outcome: SimulatedOutcome;
  /** What the status will say was paid: set it to tamper with the amount (default: the order's). */
  amount?: number;
  currency?: string;
  paymentMethod?: string;
  /** Default true; false leaves the result for polling alone to find (INT-170 `skip_ipn`). */
  deliverIpn?: boolean;
}

export interface PesapalSimulatorOptions {
  /** When set, RequestToken must carry exactly these (else the INT-170 error object). */
  consumerKey?: string;
  consumerSecret?: string;
  /** SIM_TOKEN_TTL_S: 300 by default; tests use 2. */
  tokenTtlSeconds?: number;
  /** Public base of this router for redirect_url (the app's URL + mount path); else taken from the request. */
  pageBaseUrl?: string;
  maxOrders?: number;
  ipnTimeoutMs?: number;
  logger?: Logger;
}

export interface PesapalSimulator {
  router: express.Router;
  /** Records a result as the payment page would; resolves when the IPN copies have been answered. */
  complete(orderTrackingId: string, options: CompleteOptions): Promise<IpnDelivery[]>;
  /** The customer gave up on the page: the order answers status_code 0 INVALID, and no IPN is sent. */
  cancel(orderTrackingId: string): void;
  deliverIpn(orderTrackingId: string, options?: IpnOptions): Promise<IpnDelivery[]>;
  failNext(operation: SimulatedOperation, failure: SimulatedFailure): void;
  orders(): SimulatedOrder[];
  order(orderTrackingId: string): SimulatedOrder | undefined;
  orderByReference(merchantReference: string): SimulatedOrder | undefined;
  ipns(): { ipnId: string; url: string; method: IpnMethod }[];
  ipnLog(): IpnDelivery[];
  /** Requests received per operation (before any simulated failure). */
  calls(operation: SimulatedOperation): number;
  /**
   * Sends every IPN to this URL instead of the registered one (null: back to normal), for tests whose
   * app starts listening only after it registered its public IPN URL.
   */
  routeIpnsTo(url: string | null): void;
  /** Every token issued so far stops working (answers 401), as after PesaPal's 5 minutes. */
  expireTokens(): void;
  reset(): void;
}

const DEFAULT_TIMEOUT_DELAY_MS = 20_000;

const OK = { error: null, status: '200' } as const;

function apiError(code: string, message: string, status = '500') {
  return { error: { error_type: 'api_error', code, message }, status };
}

/** `2026-02-21T12:04:11.137`: PesaPal's local-time form, no zone. */
const pesapalDate = (date: Date) => date.toISOString().replace('Z', '');

function statusBody(order: SimulatedOrder) {
  const callBackUrl = new URL(order.callbackUrl);
  callBackUrl.searchParams.set('OrderTrackingId', order.orderTrackingId);
  const common = {
    payment_method: order.paid?.paymentMethod ?? '',
    amount: order.paid?.amount ?? order.amount,
    created_date: pesapalDate(order.createdAt),
    confirmation_code: order.paid?.confirmationCode ?? '',
    description: '',
    message: 'Request processed successfully',
    payment_account: order.paid?.paymentAccount ?? '',
    call_back_url: callBackUrl.toString(),
    merchant_reference: order.merchantReference,
    payment_status_code: '',
    currency: order.paid?.currency ?? order.currency,
  };
  if (order.state === 'PENDING') {
    // INT-151: before the customer acts, PesaPal answers with this error form instead of a status.
    return {
      ...common,
      payment_status_description: 'INVALID',
      status_code: 0,
      error: {
        error_type: 'api_error',
        code: 'payment_details_not_found',
        message: 'Pending Payment',
        call_back_url: callBackUrl.toString(),
      },
      status: '500',
    };
  }
  const codes: Record<Exclude<OrderState, 'PENDING'>, [number, string]> = {
    INVALID: [0, 'INVALID'],
    COMPLETED: [1, 'Completed'],
    FAILED: [2, 'Failed'],
    REVERSED: [3, 'Reversed'],
  };
  const [statusCode, description] = codes[order.state];
  return {
    ...common,
    payment_status_description: description,
    status_code: statusCode,
    description: order.state === 'FAILED' ? 'Request was declined by the customer' : '',
    error: { error_type: null, code: null, message: null, call_back_url: null },
    status: '200',
  };
}

export function createPesapalSimulator(options: PesapalSimulatorOptions = {}): PesapalSimulator {
  const state = createSimulatorState({
    maxOrders: options.maxOrders,
    tokenTtlSeconds: options.tokenTtlSeconds,
  });
  const ipnTimeoutMs = options.ipnTimeoutMs ?? 5_000;
  let failures = new Map<SimulatedOperation, SimulatedFailure & { remaining: number }>();
  let counts = new Map<SimulatedOperation, number>();
  let ipnRoute: string | null = null;

  /** Counts the call and plays a queued failure, if any; a `timeout` only delays the real answer. */
  const gate =
    (operation: SimulatedOperation): express.RequestHandler =>
    async (_req, res, next) => {
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      const failure = failures.get(operation);
      if (!failure || failure.remaining <= 0) return next();
      failure.remaining -= 1;
      if (failure.kind === 'timeout') {
        await delay(failure.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, undefined, { ref: false });
        return next();
      }
      if (failure.kind === '429') res.setHeader('Retry-After', '0');
      res.status(Number(failure.kind)).json(apiError('simulated_failure', 'Simulated failure'));
    };

  const requireToken: express.RequestHandler = (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.tokenValid(token)) {
      res.status(401).json(apiError('unauthorized', 'Invalid or expired token', '401'));
      return;
    }
    next();
  };

  async function deliverIpn(orderTrackingId: string, ipnOptions: IpnOptions = {}): Promise<IpnDelivery[]> {
    const order = state.order(orderTrackingId);
    if (!order) throw new Error(`No simulated order ${orderTrackingId}`);
    const ipn = state.ipn(order.notificationId);
    if (!ipn) throw new Error(`No IPN registered as ${order.notificationId}`);
    if (ipnOptions.delayMs && ipnOptions.delayMs > 0) {
      await delay(ipnOptions.delayMs, undefined, { ref: false });
    }
    const copies = Math.max(1, Math.min(ipnOptions.times ?? 1, 20));
    const target = {
      url: ipnRoute ?? ipn.url,
      method: ipnOptions.method ?? ipn.method,
      orderTrackingId: order.orderTrackingId,
      merchantReference: order.merchantReference,
    };
    const deliveries = await Promise.all(Array.from({ length: copies }, () => sendIpn(target, ipnTimeoutMs)));
    for (const delivery of deliveries) {
      state.logIpn(delivery);
      if (delivery.error)
        options.logger?.debug('pesapal simulator IPN not answered', { error: delivery.error });
    }
    return deliveries;
  }

  async function complete(orderTrackingId: string, input: CompleteOptions): Promise<IpnDelivery[]> {
    state.record(orderTrackingId, input);
    if (input.deliverIpn === false) return [];
    return deliverIpn(orderTrackingId, input);
  }

  /** The page's and the control API's actions, in PesaPal's words. */
  function act(order: SimulatedOrder, action: PageAction, query: Record<string, unknown>) {
    if (action === 'cancel') {
      state.cancel(order.orderTrackingId);
      return null;
    }
    const outcome: SimulatedOutcome =
      action === 'fail' ? 'FAILED' : action === 'reverse' ? 'REVERSED' : 'COMPLETED';
    const number = (key: string) => {
      const value = Number(query[key]);
      return Number.isFinite(value) && value >= 0 ? value : undefined;
    };
    return {
      outcome,
      amount: action === 'pay-short' ? order.amount - 1 : number('amount'),
      deliverIpn: !(query.skip_ipn === '1' || query.skip_ipn === true),
      times: number('ipn_copies'),
      delayMs: number('ipn_delay_ms'),
    } satisfies CompleteOptions;
  }

  const router = express.Router();
  // The host app parses bodies only under /api, so the simulator reads its own.
  router.use(express.json({ limit: '100kb' }), express.urlencoded({ extended: false, limit: '100kb' }));

  router.post('/api/Auth/RequestToken', gate('token'), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const keyOk = options.consumerKey === undefined || body.consumer_key === options.consumerKey;
    const secretOk = options.consumerSecret === undefined || body.consumer_secret === options.consumerSecret;
    if (!keyOk || !secretOk || typeof body.consumer_key !== 'string') {
      res.json({
        token: null,
        expiryDate: null,
        ...apiError('invalid_consumer_key_or_secret_provided', 'Invalid consumer key or secret'),
      });
      return;
    }
    const { token, expiresAt } = state.issueToken();
    // Seven fractional digits, as PesaPal writes them.
    const expiryDate = expiresAt.toISOString().replace('Z', '0000Z');
    res.json({ token, expiryDate, ...OK, message: 'Request processed successfully' });
  });

  router.post('/api/URLSetup/RegisterIPN', gate('register_ipn'), requireToken, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const url = typeof body.url === 'string' ? body.url : '';
    if (!URL.canParse(url)) {
      res.json(apiError('invalid_url', 'A valid IPN url is required'));
      return;
    }
    const method: IpnMethod = body.ipn_notification_type === 'GET' ? 'GET' : 'POST';
    const ipn = state.registerIpn(url, method);
    res.json({
      url: ipn.url,
      created_date: pesapalDate(ipn.createdAt),
      ipn_id: ipn.ipnId,
      notification_type: method === 'GET' ? 0 : 1,
      ipn_notification_type_description: method,
      ipn_status: 1,
      ipn_status_description: 'Active',
      ...OK,
    });
  });

  router.get('/api/URLSetup/GetIpnList', gate('ipn_list'), requireToken, (_req, res) => {
    res.json(
      state.ipns().map((ipn) => ({
        url: ipn.url,
        created_date: pesapalDate(ipn.createdAt),
        ipn_id: ipn.ipnId,
        error: null,
        status: '200',
      })),
    );
  });

  router.post('/api/Transactions/SubmitOrderRequest', gate('submit'), requireToken, (req, res) => {
    const result = state.submit((req.body ?? {}) as Record<string, unknown>);
    if ('error' in result) {
      res.json(apiError(result.error.code, result.error.message));
      return;
    }
    const pageBase =
      options.pageBaseUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    const order = result.order;
    res.json({
      order_tracking_id: order.orderTrackingId,
      merchant_reference: order.merchantReference,
      redirect_url: `${pageBase}/sim/pay/${order.orderTrackingId}`,
      ...OK,
    });
  });

  router.get('/api/Transactions/GetTransactionStatus', gate('status'), requireToken, (req, res) => {
    const id = typeof req.query.orderTrackingId === 'string' ? req.query.orderTrackingId : '';
    const order = state.order(id);
    if (!order) {
      res.json(apiError('invalid_order_tracking_id', 'Order tracking id is invalid'));
      return;
    }
    res.json(statusBody(order));
  });

  router.post('/api/Transactions/RefundRequest', gate('refund'), requireToken, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const order = state
      .orders()
      .find((candidate) => candidate.paid?.confirmationCode === body.confirmation_code);
    if (!order || order.state !== 'COMPLETED') {
      res.json(apiError('refund_not_allowed', 'Only completed payments can be refunded'));
      return;
    }
    res.json({ status: '200', message: 'Refund request successfully' });
  });

  router.get('/sim/pay/:id', (req, res) => {
    const order = state.order(req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    if (!order) {
      res.status(404).type('html').send(renderMissingOrder(req.params.id));
      return;
    }
    res.type('html').send(renderPaymentPage(order, req.originalUrl));
  });

  /** The page's form: record, send the IPN (unless told otherwise), then send the browser back. */
  router.post('/sim/pay/:id', async (req, res) => {
    const order = state.order(req.params.id);
    const action = (req.body as Record<string, unknown> | undefined)?.action;
    if (!order || !PAGE_ACTIONS.includes(action as PageAction)) {
      res.status(404).type('html').send(renderMissingOrder(req.params.id));
      return;
    }
    const query = req.query as Record<string, unknown>;
    const completion = act(order, action as PageAction, query);
    const back = new URL(
      action === 'cancel' && order.cancellationUrl ? order.cancellationUrl : order.callbackUrl,
    );
    back.searchParams.set('OrderTrackingId', order.orderTrackingId);
    back.searchParams.set('OrderMerchantReference', order.merchantReference);
    back.searchParams.set('OrderNotificationType', 'CALLBACKURL');
    const ipn = completion ? complete(order.orderTrackingId, completion) : Promise.resolve([]);
    // INT-170 `callback_first`: the browser may come back before the IPN does.
    if (query.callback_first !== '1') await ipn.catch(() => []);
    res.redirect(303, back.toString());
  });

  /** Test control (INT-170): POST /sim/orders/{id}/pay|pay-short|fail|reverse|cancel. */
  router.post('/sim/orders/:id/:action', async (req, res) => {
    const order = state.order(req.params.id);
    const action = req.params.action as PageAction;
    if (!order || !PAGE_ACTIONS.includes(action)) {
      res.status(404).json({ error: 'unknown order or action' });
      return;
    }
    const body = { ...(req.body as Record<string, unknown> | undefined) };
    const completion = act(order, action, body);
    if (!completion) {
      res.json({ order: state.order(order.orderTrackingId), deliveries: [] });
      return;
    }
    const deliveries = complete(order.orderTrackingId, completion);
    if (completion.delayMs) {
      void deliveries.catch(() => []);
      res.status(202).json({ order: state.order(order.orderTrackingId), deliveries: [] });
      return;
    }
    res.json({ order: state.order(order.orderTrackingId), deliveries: await deliveries });
  });

  router.get('/sim/ipn-log', (_req, res) => {
    res.json(state.ipnLog());
  });

  return {
    router,
    complete,
    cancel: (id) => state.cancel(id),
    deliverIpn,
    failNext(operation, failure) {
      failures.set(operation, { ...failure, remaining: failure.count ?? 1 });
    },
    orders: () => state.orders(),
    order: (id) => state.order(id),
    orderByReference: (reference) => state.orders().find((order) => order.merchantReference === reference),
    ipns: () => state.ipns().map(({ ipnId, url, method }) => ({ ipnId, url, method })),
    ipnLog: () => state.ipnLog(),
    calls: (operation) => counts.get(operation) ?? 0,
    routeIpnsTo(url) {
      ipnRoute = url;
    },
    expireTokens: () => state.expireTokens(),
    reset() {
      ipnRoute = null;
      state.reset();
      failures = new Map();
      counts = new Map();
    },
  };
}
