import { describe, expect, it } from 'vitest';
import { nextLateCheck, nextPendingCheck } from './reconciliation.js';

const created = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(created.getTime() + minutes * 60_000);
const expires = at(30);

describe('the reconciliation schedule (PAY-160, PAY-161)', () => {
  it('asks a pending payment at 1, 3, 5, 10, 20 and 30 minutes', () => {
    expect(nextPendingCheck(created, expires, at(1))).toEqual(at(3));
    expect(nextPendingCheck(created, expires, at(3.5))).toEqual(at(5));
    expect(nextPendingCheck(created, expires, at(5))).toEqual(at(10));
    expect(nextPendingCheck(created, expires, at(12))).toEqual(at(20));
    expect(nextPendingCheck(created, expires, at(21))).toEqual(at(30));
  });

  it('never schedules past expires_at, and retries a failed final check a minute later', () => {
    expect(nextPendingCheck(created, at(15), at(12))).toEqual(at(15));
    expect(nextPendingCheck(created, expires, at(31))).toEqual(at(32));
  });

  it('asks failed, cancelled and timed-out payments again at 1 h, 6 h, 24 h and 72 h, then stops', () => {
    const hours = (n: number) => at(n * 60);
    expect(nextLateCheck(created, at(31))).toEqual(hours(1));
    expect(nextLateCheck(created, hours(1))).toEqual(hours(6));
    expect(nextLateCheck(created, hours(7))).toEqual(hours(24));
    expect(nextLateCheck(created, hours(24))).toEqual(hours(72));
    expect(nextLateCheck(created, hours(72))).toBeNull();
  });
});
