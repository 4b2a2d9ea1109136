/**
 * How the simulator calls an IPN URL (INT-140): real HTTP, GET with the three query parameters or POST
 * with the same keys as JSON, exactly as PesaPal does; the acknowledgement is kept so tests can assert
 * the INT-142 body.
 */

export type IpnMethod = 'GET' | 'POST';

export interface IpnDelivery {
  orderTrackingId: string;
  merchantReference: string;
  url: string;
  method: IpnMethod;
  sentAt: Date;
  /** null when no answer came (refused, timed out). */
  httpStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface IpnTarget {
  url: string;
  method: IpnMethod;
  orderTrackingId: string;
  merchantReference: string;
  notificationType?: string;
}

export async function sendIpn(target: IpnTarget, timeoutMs: number): Promise<IpnDelivery> {
  const fields = {
    OrderTrackingId: target.orderTrackingId,
    OrderMerchantReference: target.merchantReference,
    OrderNotificationType: target.notificationType ?? 'IPNCHANGE',
  };
  const url = new URL(target.url);
  if (target.method === 'GET') {
    for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
  }
  const delivery: IpnDelivery = {
    orderTrackingId: target.orderTrackingId,
    merchantReference: target.merchantReference,
    url: url.toString(),
    method: target.method,
    sentAt: new Date(),
    httpStatus: null,
    responseBody: null,
    error: null,
  };
  try {
    const response = await fetch(url, {
      method: target.method,
      headers: {
        Accept: 'application/json',
        'User-Agent': 'PesaPal-Simulator',
        ...(target.method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
      },
      body: target.method === 'POST' ? JSON.stringify(fields) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    delivery.httpStatus = response.status;
    delivery.responseBody = await response.text();
  } catch (error) {
    // A lost IPN is what PesaPal's own deliveries suffer too; the log says why for the test reading it.
    delivery.error = error instanceof Error ? error.message : String(error);
  }
  return delivery;
}
