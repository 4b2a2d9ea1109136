import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietHoursRelease } from './quiet-hours.js';

describe('marketing quiet hours (ADM-524)', () => {
  const window = parseQuietHours('20:00-08:00');

  it('holds SMS from 20:00 EAT until 08:00 EAT the next morning', () => {
    // 21:30 EAT on 1 March = 18:30 UTC.
    expect(quietHoursRelease(window, new Date('2026-03-01T18:30:00Z'))?.toISOString()).toBe(
      '2026-03-02T05:00:00.000Z',
    );
    // 03:00 EAT on 2 March = 00:00 UTC: released the same morning.
    expect(quietHoursRelease(window, new Date('2026-03-02T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-02T05:00:00.000Z',
    );
  });

  it('lets SMS go at once outside the window and at its edges', () => {
    expect(quietHoursRelease(window, new Date('2026-03-02T05:00:00Z'))).toBeNull(); // 08:00 EAT
    expect(quietHoursRelease(window, new Date('2026-03-02T16:59:00Z'))).toBeNull(); // 19:59 EAT
    expect(quietHoursRelease(window, new Date('2026-03-02T17:00:00Z'))).not.toBeNull(); // 20:00 EAT
  });

  it('handles a window inside one day and refuses malformed values', () => {
    const lunch = parseQuietHours('12:00-14:00');
    expect(quietHoursRelease(lunch, new Date('2026-03-02T10:00:00Z'))?.toISOString()).toBe(
      '2026-03-02T11:00:00.000Z',
    );
    expect(parseQuietHours('25:00-08:00')).toBeNull();
    expect(parseQuietHours('nonsense')).toBeNull();
    expect(quietHoursRelease(null, new Date())).toBeNull();
  });
});
