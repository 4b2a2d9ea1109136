/**
 * Business hours: days in display order (spec/ui.md §9, `hours`) and the open-now rules. Imports
 * nothing, so public pages take it through `@tafuta/contracts/weekdays` without zod; the package index
 * re-exports it for the API.
 */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * "Open now" in East Africa Time whatever the device's or server's clock zone (UI-CARD-03, UI-DS-22),
 * shared by the PWA cards and the server-rendered websites (UI-WEB-07) so both always agree. Hours are
 * "HH:MM" EAT; close before open runs past midnight; 00:00–24:00 is open all day (UI-CJ-04). The types
 * are structural so this module stays free of zod.
 */

export type ClockHours = { open: string; close: string } | { closed: true };
export type WeekHours = { [day in Weekday]?: ClockHours | undefined };

export type OpenStatus =
  | { state: 'open24' }
  | { state: 'open'; closesAt: string }
  | { state: 'closed'; opensAt: string | null; opensDay: Weekday | 'tomorrow' | null };

let nairobiParts: Intl.DateTimeFormat | undefined;

/** Weekday and minutes since midnight in Nairobi for an instant. */
export function nairobiNow(at: Date): { day: Weekday; minutes: number } {
  nairobiParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Africa/Nairobi',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = nairobiParts.formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase() as Weekday;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (clock: string) => {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

type Period = { open: number; close: number };

function periodOf(day: ClockHours | undefined): Period | null {
  if (!day || 'closed' in day) return null;
  const open = toMinutes(day.open);
  let close = toMinutes(day.close);
  // Past midnight: the period ends on the next day.
  if (close <= open) close += 24 * 60;
  return { open, close };
}

/** UI-CJ-04: 00:00–24:00 means open all day. */
export const isAllDay = (day: ClockHours | undefined): boolean =>
  Boolean(day && !('closed' in day) && day.open === '00:00' && day.close === '24:00');

const dayAt = (index: number): Weekday => WEEKDAYS[((index % 7) + 7) % 7]!;

/** Null when the business set no hours at all (the status line is then hidden). */
export function openStatus(hours: WeekHours | null | undefined, at: Date): OpenStatus | null {
  if (!hours || WEEKDAYS.every((day) => !hours[day])) return null;
  const now = nairobiNow(at);
  const today = WEEKDAYS.indexOf(now.day);
  if (isAllDay(hours[now.day])) return { state: 'open24' };
  const todayPeriod = periodOf(hours[now.day]);
  if (todayPeriod && now.minutes >= todayPeriod.open && now.minutes < todayPeriod.close) {
    return { state: 'open', closesAt: clockOf(todayPeriod.close) };
  }
  // Yesterday's late period may still be running after midnight.
  const yesterday = periodOf(hours[dayAt(today - 1)]);
  if (yesterday && yesterday.close > 24 * 60 && now.minutes < yesterday.close - 24 * 60) {
    return { state: 'open', closesAt: clockOf(yesterday.close) };
  }
  // Next opening: later today, else the next day with hours.
  if (todayPeriod && now.minutes < todayPeriod.open) {
    return { state: 'closed', opensAt: clockOf(todayPeriod.open), opensDay: null };
  }
  for (let offset = 1; offset <= 7; offset += 1) {
    const day = dayAt(today + offset);
    const period = periodOf(hours[day]);
    if (period)
      return { state: 'closed', opensAt: clockOf(period.open), opensDay: offset === 1 ? 'tomorrow' : day };
  }
  return { state: 'closed', opensAt: null, opensDay: null };
}

function clockOf(minutes: number): string {
  const inDay = minutes % (24 * 60);
  return `${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
}

/**
 * UI-DS-20: English uses the 12-hour clock ("6:00 pm"); Kiswahili, Kikamba and Kikuyu the 24-hour
 * clock ("18:00"), which avoids confusion with Swahili time counted from 6 am.
 */
export function formatClock(clock: string, language: string): string {
  if (language !== 'en') return clock === '24:00' ? '00:00' : clock;
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  const suffix = hours % 24 < 12 ? 'am' : 'pm';
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return `${twelve}:${String(minutes).padStart(2, '0')} ${suffix}`;
}
