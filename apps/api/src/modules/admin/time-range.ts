import { invalidInput } from '../../http/errors.js';
import { addDays, nairobiDate, nairobiMidnight } from '../../lib/nairobi-date.js';

/** A half-open range of instants [from, to); day boundaries are EAT (admin.md §0). */
export interface InstantRange {
  from: Date;
  to: Date;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * `from`/`to` as the screens send them: a day (a `to` day includes the whole EAT day) or an instant (a
 * `to` instant is included). Left out, the range is the last `defaultDays` days up to now.
 */
export function resolveRange(
  input: { from?: string | undefined; to?: string | undefined },
  defaultDays: number,
  now: Date = new Date(),
): InstantRange {
  const to = input.to
    ? isDay(input.to)
      ? nairobiMidnight(addDays(input.to, 1))
      : new Date(new Date(input.to).getTime() + 1)
    : now;
  const from = input.from
    ? isDay(input.from)
      ? nairobiMidnight(input.from)
      : new Date(input.from)
    : new Date(to.getTime() - defaultDays * 86_400_000);
  if (from.getTime() >= to.getTime()) {
    throw invalidInput('from must be before to', [{ field: 'from', code: 'out_of_range' }]);
  }
  return { from, to };
}

/** A range of whole EAT days, `from` and `to` both included (analytics, ADM-600). */
export interface DayRange {
  from: string;
  to: string;
}

export const MAX_ANALYTICS_DAYS = 366;

export function dayCount(range: DayRange): number {
  return (
    Math.round((nairobiMidnight(range.to).getTime() - nairobiMidnight(range.from).getTime()) / 86_400_000) + 1
  );
}

/** ADM-600: last 30 days by default; at most 366 days. */
export function resolveDayRange(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date = new Date(),
): DayRange {
  const to = input.to ?? nairobiDate(now);
  const from = input.from ?? addDays(to, -29);
  const range = { from, to };
  const days = dayCount(range);
  if (days < 1) throw invalidInput('from must not be after to', [{ field: 'from', code: 'out_of_range' }]);
  if (days > MAX_ANALYTICS_DAYS) {
    throw invalidInput(`A range covers at most ${MAX_ANALYTICS_DAYS} days`, [
      { field: 'from', code: 'out_of_range' },
    ]);
  }
  return range;
}

/** ADM-600: the comparison period is the same length immediately before. */
export function previousDayRange(range: DayRange): DayRange {
  const days = dayCount(range);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

export function dayRangeInstants(range: DayRange): InstantRange {
  return { from: nairobiMidnight(range.from), to: nairobiMidnight(addDays(range.to, 1)) };
}
