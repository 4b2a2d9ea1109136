/**
 * The simulator's hosted "payment page" (INT-170): what PesaPal's page is to a customer, as plain
 * server-rendered HTML with one form and no script, so it works on any phone browser and in Playwright.
 */
import type { SimulatedOrder } from './simulator.js';

export type PageAction = 'pay' | 'pay-short' | 'fail' | 'cancel' | 'reverse';

export const PAGE_ACTIONS: readonly PageAction[] = ['pay', 'pay-short', 'fail', 'cancel', 'reverse'];

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function money(amount: number, currency: string): string {
  const formatted = amount.toLocaleString('en-KE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${currency} ${formatted}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:26rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.15rem;margin:.25rem 0 1rem}dl{margin:0 0 1rem}dt{font-size:.8rem;color:#5a6673}
dd{margin:0 0 .6rem;font-weight:600;word-break:break-all}.amount{font-size:1.6rem}
button{display:block;width:100%;min-height:3rem;margin:.5rem 0;border:0;border-radius:.5rem;font-size:1rem}
.pay{background:#0a7d32;color:#fff}.short{background:#e9a400}.fail{background:#b3261e;color:#fff}
.cancel{background:#dde2e7}.reverse{background:#5b3fa0;color:#fff}.note{font-size:.8rem;color:#5a6673}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="card">${body}</div>
<p class="note">PesaPal simulator: no money moves. Tafuta uses it in development and tests.</p></main></body></html>`;
}

/** The page at redirect_url. `formAction` keeps the page's query (test options such as ipn_delay_ms). */
export function renderPaymentPage(order: SimulatedOrder, formAction: string): string {
  const details = `<dl>
<dt>Amount</dt><dd class="amount">${escapeHtml(money(order.amount, order.currency))}</dd>
<dt>Description</dt><dd>${escapeHtml(order.description)}</dd>
<dt>Merchant reference</dt><dd>${escapeHtml(order.merchantReference)}</dd>
<dt>Order tracking id</dt><dd>${escapeHtml(order.orderTrackingId)}</dd>
<dt>Status</dt><dd data-status="${order.state}">${order.state}</dd></dl>`;
  const button = (action: PageAction, className: string, label: string) =>
    `<button type="submit" name="action" value="${action}" class="${className}">${escapeHtml(label)}</button>`;
  const short = money(Math.max(order.amount - 1, 0), order.currency);
  const buttons =
    order.state === 'COMPLETED'
      ? button('reverse', 'reverse', 'Reverse this payment')
      : [
          button('pay', 'pay', `Pay ${money(order.amount, order.currency)}`),
          button('pay-short', 'short', `Pay 1 KES less (${short})`),
          button('fail', 'fail', 'Fail the payment'),
          button('cancel', 'cancel', 'Cancel and go back'),
        ].join('\n');
  return layout(
    'Pay with PesaPal (simulator)',
    `<h1>Pay with PesaPal</h1>${details}
<form method="post" action="${escapeHtml(formAction)}">${buttons}</form>`,
  );
}

export function renderMissingOrder(orderTrackingId: string): string {
  return layout(
    'Order not found',
    `<h1>Order not found</h1><p>No order ${escapeHtml(orderTrackingId)} here. It may have expired.</p>`,
  );
}
