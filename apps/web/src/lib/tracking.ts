/**
 * Click and view tracking (ui.md §7, UI-TRK-02/03): anonymous events batched for up to 5 s, sent to
 * POST /api/events in batches of ≤ 20 with sendBeacon (survives navigation), flushed on `pagehide`.
 * Offline, events wait in localStorage (≤ 100, oldest dropped) and go on the `online` event.
 * The navigation a tap starts never waits for any of this (UI-ACT-05).
 */

export type TrackedEventType =
  | 'detail_view'
  | 'call_click'
  | 'whatsapp_click'
  | 'directions_click'
  | 'website_click'
  | 'email_click'
  | 'ad_impression'
  | 'ad_click';

export interface TrackedEvent {
  type: TrackedEventType;
  business_id: string;
  ad_id?: string;
  surface: 'card' | 'detail' | 'website' | 'ad';
  page: 'home' | 'search' | 'category' | 'region' | 'detail' | 'website';
  region?: string;
  category?: string;
  lang?: string;
  client_time?: string;
}

const BATCH_SIZE = 20;
const FLUSH_DELAY_MS = 5_000;
const QUEUE_KEY = 'tafuta_events';
const QUEUE_MAX = 100;
const TOKEN_KEY = 'tafuta_tab_token';

let pending: TrackedEvent[] = [];
let timer: number | undefined;
let listening = false;

/** UI-TRK-04: a random per-tab token in sessionStorage (not a cookie) lets the server drop repeats. */
function tabToken(): string {
  try {
    const saved = window.sessionStorage.getItem(TOKEN_KEY);
    if (saved && /^[A-Za-z0-9_-]{8,64}$/.test(saved)) return saved;
    const token = crypto.randomUUID().replace(/-/g, '');
    window.sessionStorage.setItem(TOKEN_KEY, token);
    return token;
  } catch {
    return 'no-storage-token';
  }
}

function readQueue(): TrackedEvent[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as TrackedEvent[]) : [];
  } catch {
    return [];
  }
}

function writeQueue(events: TrackedEvent[]): void {
  try {
    if (events.length === 0) window.localStorage.removeItem(QUEUE_KEY);
    else window.localStorage.setItem(QUEUE_KEY, JSON.stringify(events.slice(-QUEUE_MAX)));
  } catch {
    // Storage full or disabled: these counts are lost, which only costs an owner a few clicks.
  }
}

function send(batch: TrackedEvent[]): boolean {
  const body = JSON.stringify({ token: tabToken(), events: batch });
  const blob = new Blob([body], { type: 'application/json' });
  if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon('/api/events', blob)) return true;
  // No beacon (or it refused the size): keepalive fetch also outlives the page.
  void fetch('/api/events', {
    method: 'POST',
    body,
    keepalive: true,
    headers: { 'Content-Type': 'application/json' },
  }).catch(() => writeQueue([...readQueue(), ...batch]));
  return true;
}

export function flushEvents(): void {
  window.clearTimeout(timer);
  timer = undefined;
  const events = [...readQueue(), ...pending];
  pending = [];
  if (events.length === 0) return;
  if (!navigator.onLine) {
    writeQueue(events);
    return;
  }
  writeQueue([]);
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    send(events.slice(start, start + BATCH_SIZE));
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('pagehide', flushEvents);
  window.addEventListener('online', flushEvents);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushEvents();
  });
}

export function trackEvent(event: Omit<TrackedEvent, 'client_time'>): void {
  listen();
  pending.push({ ...event, client_time: new Date().toISOString() });
  if (pending.length >= BATCH_SIZE) flushEvents();
  else timer ??= window.setTimeout(flushEvents, FLUSH_DELAY_MS);
}
