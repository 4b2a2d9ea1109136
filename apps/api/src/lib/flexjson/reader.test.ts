import { describe, expect, it } from 'vitest';
import { FlexJsonError, orderedKeys, parseFlexJson } from './index.js';

/** Parses `{ <line> }` and returns member `key`, so table rows read like the spec. */
function member(line: string): unknown {
  const value = parseFlexJson(`{ ${line} }`) as Record<string, unknown>;
  return Object.values(value)[0];
}

function errorOf(text: string): FlexJsonError {
  try {
    parseFlexJson(text);
  } catch (err) {
    if (err instanceof FlexJsonError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFlexJson: MEDIA-046 table (reference vs Tafuta)', () => {
  it.each([
    ['size: 300x100', /300x100.*starts like a number.*quote it/],
    ['version: 1.0.0', /1\.0\.0.*starts like a number/],
    ['file: 2026-menu.jpg', /2026-menu\.jpg.*starts like a number/],
    ['qty: 10mb', /10mb.*starts like a number/],
    ['count: 007', /007.*leading zero/],
    ['ratio: .5', /\.5.*starts like a number/],
    ['x: -promo', /-promo.*starts like a number/],
    ['label: Business Logo', /unexpected text `Logo` after a value — quote values that contain spaces/],
    ['name: "Mama" Njeri', /unexpected text `Njeri` after a value/],
    ['my key: 1', /unexpected text `key` after a key — quote keys that contain spaces/],
    ['x: +5', /unexpected character `\+`/],
    ['x: 1e+3', /unexpected character `\+` after `1e`/],
    ['note: ,', /value expected/],
    ['note:', /value expected/],
    ['note: /* only a comment */', /value expected/],
    ['a: 1, A: 2', /duplicate key `A`/],
    ['x: Infinity', /Infinity.*not allowed/],
    ['x: Infinityish', /Infinityish.*not allowed/],
    ['level: info//x', /comment must be preceded by whitespace/],
    ['level: info/*x*/', /comment must be preceded by whitespace/],
  ])('rejects %s', (line, message) => {
    expect(() => member(line)).toThrow(message);
  });

  it('rejects `{,}`, `[,]`, `[jpg,,png]` and a second trailing comma', () => {
    expect(() => parseFlexJson('{,}')).toThrow(/key expected/);
    expect(() => parseFlexJson('[,]')).toThrow(/value expected/);
    expect(() => parseFlexJson('[jpg,,png]')).toThrow(/value expected/);
    expect(() => parseFlexJson('[1,,]')).toThrow(/value expected/);
    expect(() => parseFlexJson('{a: 1,,}')).toThrow(/key expected/);
  });

  it('rejects a raw line break inside quotes but keeps a raw tab', () => {
    expect(() => parseFlexJson('"a\nb"')).toThrow(/line break inside a quoted string/);
    expect(() => parseFlexJson('"a\r\nb"')).toThrow(/line break/);
    expect(parseFlexJson('"a\tb"')).toBe('a\tb');
    expect(() => parseFlexJson('"a\u0001b"')).toThrow(/control character U\+0001/);
  });

  it('reads TRUE, Null, False in any case', () => {
    expect(parseFlexJson('{flag: TRUE, v: Null, w: fAlSe}')).toEqual({ flag: true, v: null, w: false });
  });

  it('skips one leading BOM (the deliberate extension) but not a second one', () => {
    expect(parseFlexJson('\uFEFF{a: 1}')).toEqual({ a: 1 });
    expect(() => parseFlexJson('\uFEFF\uFEFF{a: 1}')).toThrow(/unexpected character U\+FEFF/);
  });

  it('rejects text after the top-level value', () => {
    expect(() => parseFlexJson('{a:1} {b:2}')).toThrow(/after the end of the document/);
    expect(parseFlexJson('{a:1} // fine\n/* also fine */\n')).toEqual({ a: 1 });
  });
});

describe('parseFlexJson: lexical rules and typing (MEDIA-043, MEDIA-045)', () => {
  it('types bare tokens in value position', () => {
    expect(parseFlexJson('[jpg, thumb, Business_Logo, city-view.jpg, 0, -1.5, 2e3, 1E-2, -0.25]')).toEqual([
      'jpg',
      'thumb',
      'Business_Logo',
      'city-view.jpg',
      0,
      -1.5,
      2000,
      0.01,
      -0.25,
    ]);
  });

  it('never converts keys, and quoted values are always strings', () => {
    const value = parseFlexJson('{300x100: "2", true: "true", null: \'null\', -x: 1}');
    expect(value).toEqual({ '300x100': '2', true: 'true', null: 'null', '-x': 1 });
  });

  it('decodes every escape, including \\v and surrogate pairs', () => {
    expect(parseFlexJson(String.raw`"\" \' \\ \/ \b \f \n \r \t \v \u00e9 \ud83d\ude00"`)).toBe(
      '" \' \\ / \b \f \n \r \t \v é 😀',
    );
    expect(parseFlexJson(`'say "hi"'`)).toBe('say "hi"');
    expect(parseFlexJson(`"it's"`)).toBe("it's");
  });

  it.each([
    [String.raw`"\x41"`, /unknown escape \\x/],
    [String.raw`"\u12"`, /exactly four hex digits/],
    [String.raw`"\ud83d"`, /followed by a low surrogate/],
    [String.raw`"\ude00"`, /lone low surrogate/],
    ['"open', /unterminated string/],
    ['/* never closed {a:1}', /unterminated block comment/],
    ['', /empty document/],
    ['// only a comment', /empty document/],
    ['{a: 1', /unexpected end of file: `,` or `}` expected/],
    ['{a 1}', /unexpected text `1` after a key/],
    ['{a: b c}', /unexpected text `c` after a value/],
    ['{a: Café}', /unexpected character `é` after `Caf` — quote it/],
    ['{a: b$}', /unexpected character `\$` after `b`/],
    ['{a: 1e999}', /too large/],
    ['{a:\u00a01}', /unexpected character U\+00A0/],
  ])('rejects %j', (text, message) => {
    expect(() => parseFlexJson(text)).toThrow(message);
  });

  it('treats // and /* inside quotes as text, and comments anywhere whitespace may be', () => {
    const text = '/*a*/{/*b*/k /*c*/:/*d*/"x // y /* z"/*e*/,/*f*/}/*g*/';
    expect(parseFlexJson(text)).toEqual({ k: 'x // y /* z' });
    expect(parseFlexJson('[1 // one\r\n, 2]')).toEqual([1, 2]);
  });

  it('keeps member order, including integer-like keys, via orderedKeys', () => {
    const value = parseFlexJson('{b: 1, "600": 2, a: 3, "300": 4}') as Record<string, unknown>;
    expect(orderedKeys(value)).toEqual(['b', '600', 'a', '300']);
  });

  it('keeps a __proto__ key as data without touching the prototype', () => {
    const value = parseFlexJson('{"__proto__": {polluted: true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseFlexJson: limits (MEDIA-047)', () => {
  it('accepts 32 levels of nesting and rejects 33', () => {
    expect(() => parseFlexJson('['.repeat(32) + ']'.repeat(32))).not.toThrow();
    expect(() => parseFlexJson('['.repeat(33) + ']'.repeat(33))).toThrow(/nesting deeper than 32/);
    expect(() => parseFlexJson('{a:'.repeat(33) + '1' + '}'.repeat(33))).toThrow(/nesting/);
  });

  it('rejects a string over 64 KB and a file over 1 MB', () => {
    expect(parseFlexJson(`"${'é'.repeat(32 * 1024)}"`)).toHaveLength(32 * 1024);
    expect(() => parseFlexJson(`"${'é'.repeat(32 * 1024 + 1)}"`)).toThrow(/longer than 64 KB/);
    expect(() => parseFlexJson(`${'a'.repeat(64 * 1024 + 1)}`)).toThrow(/longer than 64 KB/);
    expect(() => parseFlexJson(`// ${'x'.repeat(1024 * 1024)}\n1`)).toThrow(/larger than 1 MB/);
  });
});

describe('parseFlexJson: error positions (MEDIA-050 e)', () => {
  it.each([
    ['{\n  title: Mama Njeri\n}', 2, 15, /unexpected text `Njeri`/],
    ['{\n  tag: 2026-promo,\n}', 2, 8, /`2026-promo` starts like a number but is not one — quote it/],
    ['{\n  open: 08:00\n}', 2, 9, /`08` is not a valid number \(leading zero\) — quote it/],
    ['{\r\n  qty: ,\r\n}', 2, 8, /value expected/],
    ['{\n\n  level: info//x\n}', 3, 14, /comment must be preceded by whitespace/],
    ['{ name: "😀😀", x: y z }', 1, 20, /unexpected text `z`/],
    ['{a: 1,\r  a: 2}', 2, 3, /duplicate key/],
    ['\uFEFF{\n x: +1 }', 2, 5, /unexpected character `\+`/],
  ])('%j → line %i column %i', (text, line, column, message) => {
    const err = errorOf(text);
    expect({ line: err.line, column: err.column }).toEqual({ line, column });
    expect(err.reason).toMatch(message);
    expect(err.message).toContain(`(line ${line}, column ${column})`);
  });
});
