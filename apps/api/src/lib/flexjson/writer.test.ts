import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlexJsonWriteError, orderedKeys, parseFlexJson, stringifyFlexJson } from './index.js';

// media.md §3.6, verbatim.
const SPEC_EXAMPLE = `/* Delivery settings (example) */
{
  // shown to customers
  zone: machakos-town,        // bare string
  opens: "08:00",             // quoted: contains ':'
  closes: '18:30',            // single quotes are fine
  'max-orders': 40,
  fee_kes: 150.5,
  days: [mon, tue, wed, thu, fri, sat,],   /* trailing comma allowed */
  card_payments: false,
  note: null,
}
`;

const SPEC_VALUE = {
  zone: 'machakos-town',
  opens: '08:00',
  closes: '18:30',
  'max-orders': 40,
  fee_kes: 150.5,
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  card_payments: false,
  note: null,
};

const SPEC_CANONICAL = `/* written by Tafuta */
{
  zone: "machakos-town",
  opens: "08:00",
  closes: "18:30",
  "max-orders": 40,
  fee_kes: 150.5,
  days: [
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat"
  ],
  card_payments: false,
  note: null
}
`;

describe('media.md §3.6 examples', () => {
  it('reads the valid example to the value the spec gives, in order', () => {
    const value = parseFlexJson(SPEC_EXAMPLE) as Record<string, unknown>;
    expect(value).toEqual(SPEC_VALUE);
    expect(orderedKeys(value)).toEqual(Object.keys(SPEC_VALUE));
  });

  it('writes the canonical form byte for byte', () => {
    expect(stringifyFlexJson(SPEC_VALUE, { header: 'written by Tafuta' })).toBe(SPEC_CANONICAL);
    expect(parseFlexJson(SPEC_CANONICAL)).toEqual(SPEC_VALUE);
  });

  it.each([
    ['title: Mama Njeri', /unexpected text `Njeri` after a value — quote values that contain spaces/],
    ['tag: 2026-promo', /`2026-promo` starts like a number but is not one — quote it/],
    ['open: 08:00', /`08` is not a valid number \(leading zero\) — quote it/],
    ['qty: ,', /value expected/],
    ['level: info//x', /comment must be preceded by whitespace/],
  ])('rejects the invalid example %j', (line, message) => {
    expect(() => parseFlexJson(`{\n  ${line}\n}`)).toThrow(message);
  });
});

describe('stringifyFlexJson (MEDIA-048)', () => {
  it('quotes keys that are not identifiers, never values', () => {
    const out = stringifyFlexJson({ _a1: 'x', '1200x400': true, 'a-b': 1, '': 2, é: 3, true: 'null' });
    expect(out).toBe(
      '{\n  _a1: "x",\n  "1200x400": true,\n  "a-b": 1,\n  "": 2,\n  "é": 3,\n  true: "null"\n}\n',
    );
  });

  it('escapes only backslash, double quote and control characters', () => {
    const out = stringifyFlexJson(`a\\b"c'd/e\b\f\n\r\t\u0000\u000b\u001fé😀`);
    expect(out).toBe(`"a\\\\b\\"c'd/e\\b\\f\\n\\r\\t\\u0000\\u000b\\u001fé😀"\n`);
  });

  it('writes numbers in shortest decimal form without exponent', () => {
    expect(stringifyFlexJson([0, -0, 1, -2.5, 0.1, 1e15, -1e15, 0.000001, 123456.789, 1 / 3])).toBe(
      '[\n  0,\n  0,\n  1,\n  -2.5,\n  0.1,\n  1000000000000000,\n  -1000000000000000,\n  0.000001,\n  123456.789,\n  0.3333333333333333\n]\n',
    );
  });

  it.each([
    [Number.NaN, /not finite/],
    [Number.POSITIVE_INFINITY, /not finite/],
    [1e16, /outside the writable range/],
    [1e-7, /outside the writable range/],
  ])('rejects the number %s', (n, message) => {
    expect(() => stringifyFlexJson({ n })).toThrow(message);
  });

  it('writes empty containers inline and skips undefined members', () => {
    expect(stringifyFlexJson({ a: {}, b: [], c: undefined })).toBe('{\n  a: {},\n  b: []\n}\n');
  });

  it('rejects what the canonical form cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyFlexJson(cyclic)).toThrow(/circular/);
    expect(() => stringifyFlexJson([undefined])).toThrow(FlexJsonWriteError);
    expect(() => stringifyFlexJson({ d: new Date() })).toThrow(/plain objects/);
    expect(() => stringifyFlexJson({ n: 1n })).toThrow(/bigint/);
    expect(() => stringifyFlexJson('\ud800')).toThrow(/lone UTF-16 surrogate/);
    expect(() => stringifyFlexJson(1, { header: 'a */ b' })).toThrow(/header/);
  });

  it('keeps the file order of integer-like keys when rewriting what it read', () => {
    const text = '{\n  sizes: {\n    "600": 1,\n    "300": 2\n  }\n}\n';
    expect(stringifyFlexJson(parseFlexJson(text))).toBe(text);
  });
});

// Numbers the writer accepts: integers and decimals within ±1e15, none below 1e-6 in magnitude.
const writableNumber = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.maxSafeInteger().filter((n) => Math.abs(n) <= 1e15),
  fc
    .double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true })
    .filter((n) => n === 0 || Math.abs(n) >= 1e-6)
    .map((n) => (Object.is(n, -0) ? 0 : n)),
);
// Full Unicode (emoji included), plus the characters that need escaping, over-represented.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('"', "'", '\\', '/', '\n', '\r', '\t', '\u0000', '\u000b', '*', ' ', 'é', '😀'),
    maxLength: 12,
  }),
);
const { value: flexValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    writableNumber,
    text,
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .uniqueArray(fc.tuple(text, tie('value')), {
        maxLength: 5,
        selector: ([k]) => k.toLowerCase(), // duplicate keys (ignoring case) are invalid by design
      })
      .map((entries) => {
        const obj: Record<string, unknown> = {};
        for (const [k, v] of entries)
          Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        return obj;
      }),
  ),
}));

describe('round trip (MEDIA-050 c)', () => {
  it('read(write(v)) deep-equals v, key order included', () => {
    fc.assert(
      fc.property(flexValue, (value) => {
        const back = parseFlexJson(stringifyFlexJson(value, { header: 'property test' }));
        expect(back).toStrictEqual(value);
        expect(JSON.stringify(back)).toBe(JSON.stringify(value)); // same key order throughout
      }),
      { numRuns: 500 },
    );
  });

  it('the canonical output is stable: write(read(write(v))) === write(v)', () => {
    fc.assert(
      fc.property(flexValue, (value) => {
        const once = stringifyFlexJson(value);
        expect(stringifyFlexJson(parseFlexJson(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
