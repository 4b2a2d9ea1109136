import { describe, expect, it } from 'vitest';
import { smsSegments } from './segments.js';

describe('smsSegments (INT-203)', () => {
  it('fits 160 GSM-7 characters in one SMS and splits 161 into two parts of up to 153', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', segments: 1, length: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', segments: 2, length: 161 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('keeps the GSM-7 accented letters and symbols in GSM-7', () => {
    expect(smsSegments('Karibu! Bei: 1,160.00 @ £5 é ñ Ü § ¿ Δ\n').encoding).toBe('gsm7');
  });

  it('switches to UCS-2 (70 / 67) for one character outside GSM-7, such as ĩ', () => {
    expect(smsSegments(`ĩ${'a'.repeat(69)}`)).toEqual({ encoding: 'ucs2', segments: 1, length: 70 });
    expect(smsSegments(`ĩ${'a'.repeat(70)}`)).toEqual({ encoding: 'ucs2', segments: 2, length: 71 });
    expect(smsSegments(`ĩ${'a'.repeat(133)}`).segments).toBe(2);
    expect(smsSegments(`ĩ${'a'.repeat(134)}`).segments).toBe(3);
  });

  it('counts extension characters such as € and { as two septets', () => {
    expect(smsSegments('€{}[]~|^\\')).toEqual({ encoding: 'gsm7', segments: 1, length: 18 });
    expect(smsSegments(`€${'a'.repeat(158)}`)).toMatchObject({ segments: 1, length: 160 });
    expect(smsSegments(`€${'a'.repeat(159)}`)).toMatchObject({ segments: 2, length: 161 });
  });

  it('never splits an escape pair or a surrogate pair across parts', () => {
    // 306 septets would fit two parts, but € cannot start at septet 153, so it needs three.
    expect(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toMatchObject({ length: 306, segments: 3 });
    // An emoji is two UTF-16 units; at unit 67 it moves whole to the next part.
    expect(smsSegments(`${'a'.repeat(66)}😀${'a'.repeat(66)}`)).toMatchObject({ length: 134, segments: 3 });
  });
});
