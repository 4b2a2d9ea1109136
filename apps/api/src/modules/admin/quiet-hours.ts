/**
 * ADM-524: marketing SMS are not sent inside `marketing_quiet_hours` (EAT, e.g. 20:00-08:00); messages
 * queued then go out when the window ends. Pure, so the window maths is tested on its own.
 */

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export const DEFAULT_QUIET_HOURS = '20:00-08:00';

export interface QuietWindow {
  startMinute: number;
  endMinute: number;
}

export function parseQuietHours(value: string | null | undefined): QuietWindow | null {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec((value ?? '').trim());
  if (!match) return null;
  const [, sh, sm, eh, em] = match.map(Number) as [number, number, number, number, number];
  if (sh > 23 || eh > 23 || sm > 59 || em > 59) return null;
  const window = { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
  return window.startMinute === window.endMinute ? null : window;
}

/** When SMS held now may be released, or null when `now` is outside the window. */
export function quietHoursRelease(window: QuietWindow | null, now: Date): Date | null {
  if (!window) return null;
  const local = now.getTime() + EAT_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = Math.floor((local - dayStart) / 60_000);
  const { startMinute, endMinute } = window;
  const wraps = startMinute > endMinute;
  const inside = wraps
    ? minute >= startMinute || minute < endMinute
    : minute >= startMinute && minute < endMinute;
  if (!inside) return null;
  // The end is later today unless the window wrapped past midnight and we are before midnight.
  const endDay = wraps && minute >= startMinute ? dayStart + DAY_MS : dayStart;
  return new Date(endDay + endMinute * 60_000 - EAT_OFFSET_MS);
}
