import { FlexJsonError, positionOf } from './errors.js';
import { KEY_ORDER } from './key-order.js';

/**
 * The Tafuta flex-json reader (media.md §3). It accepts a strict subset of what the reference
 * FlexJson library reads in flex mode: wherever the reference is lenient or surprising (MEDIA-046)
 * this reader refuses with a message that names the line, the column and the fix, so a file it
 * accepts means the same thing to both.
 */

/** MEDIA-047 limits. */
export const FLEX_JSON_LIMITS = {
  maxFileBytes: 1024 * 1024,
  maxDepth: 32,
  maxStringBytes: 64 * 1024,
} as const;

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE]-?[0-9]+)?$/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function isTokenChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x2e // .
  );
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || code === 0xa0 || code === 0xfeff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `\`${ch}\``;
}

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('empty document: value expected', this.pos);
    const value = this.parseValue(0);
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail(
        'unexpected text after the end of the document — only whitespace and comments may follow',
        this.pos,
      );
    }
    return value;
  }

  private fail(reason: string, offset: number): never {
    const { line, column } = positionOf(this.text, offset);
    throw new FlexJsonError(reason, line, column);
  }

  private charAt(offset: number): string {
    return String.fromCodePoint(this.text.codePointAt(offset) ?? 0);
  }

  /** Skips whitespace and comments (they may appear wherever whitespace may). */
  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isWhitespace(c)) {
        this.pos++;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2f) {
        this.pos += 2;
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2a) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated block comment: `*/` expected', this.pos);
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(depth: number): unknown {
    const t = this.text;
    const start = this.pos;
    const ch = t[start];
    if (ch === '{') return this.parseObject(depth + 1);
    if (ch === '[') return this.parseArray(depth + 1);
    if (ch === '"' || ch === "'") return this.readQuoted();
    if (start < t.length && isTokenChar(t.charCodeAt(start))) return typeToken(this.readToken(), start, this);
    if (ch === undefined || ch === ',' || ch === '}' || ch === ']' || ch === ':') {
      this.fail('value expected', start);
    }
    if (ch === '+') this.fail('unexpected character `+`: write numbers without a plus sign', start);
    this.fail(
      `unexpected character ${describeChar(this.charAt(start))}: value expected — quote text that contains it`,
      start,
    );
  }

  /** Public so `typeToken` can report at the token's position. */
  failAt(reason: string, offset: number): never {
    this.fail(reason, offset);
  }

  private parseObject(depth: number): Record<string, unknown> {
    const open = this.pos;
    if (depth > FLEX_JSON_LIMITS.maxDepth) {
      this.fail(`nesting deeper than ${FLEX_JSON_LIMITS.maxDepth} levels`, open);
    }
    this.pos++;
    const result: Record<string, unknown> = {};
    const order: string[] = [];
    const seen = new Map<string, string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return withOrder(result, order);
    }
    for (;;) {
      const keyStart = this.pos;
      const key = this.readKey();
      const folded = key.toLowerCase();
      const earlier = seen.get(folded);
      if (earlier !== undefined) {
        this.fail(
          `duplicate key \`${key}\` (same as \`${earlier}\`; keys are compared ignoring letter case)`,
          keyStart,
        );
      }
      seen.set(folded, key);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.unexpectedAfter('key', '`:` expected after a key');
      this.pos++;
      this.skipSpace();
      const value = this.parseValue(depth);
      // defineProperty, not assignment: a `__proto__` key must stay data, never a prototype.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      order.push(key);
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === '}') {
        this.pos++;
        return withOrder(result, order);
      }
      if (sep !== ',') this.unexpectedAfter('value', '`,` or `}` expected');
      this.pos++;
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return withOrder(result, order);
      }
    }
  }

  private parseArray(depth: number): unknown[] {
    const open = this.pos;
    if (depth > FLEX_JSON_LIMITS.maxDepth) {
      this.fail(`nesting deeper than ${FLEX_JSON_LIMITS.maxDepth} levels`, open);
    }
    this.pos++;
    const result: unknown[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue(depth));
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === ']') {
        this.pos++;
        return result;
      }
      if (sep !== ',') this.unexpectedAfter('value', '`,` or `]` expected');
      this.pos++;
      this.skipSpace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return result;
      }
    }
  }

  /** The reference silently drops stray text after a key or value; we explain it instead. */
  private unexpectedAfter(what: 'key' | 'value', expected: string): never {
    const at = this.pos;
    const t = this.text;
    if (at >= t.length) this.fail(`unexpected end of file: ${expected}`, at);
    if (isTokenChar(t.charCodeAt(at)) || t[at] === '"' || t[at] === "'") {
      let end = at + 1;
      while (end < t.length && isTokenChar(t.charCodeAt(end))) end++;
      const stray = t.slice(at, Math.min(end, at + 40));
      this.fail(`unexpected text \`${stray}\` after a ${what} — quote ${what}s that contain spaces`, at);
    }
    this.fail(`unexpected character ${describeChar(this.charAt(at))}: ${expected}`, at);
  }

  private readKey(): string {
    const t = this.text;
    const ch = t[this.pos];
    if (ch === '"' || ch === "'") return this.readQuoted();
    if (this.pos < t.length && isTokenChar(t.charCodeAt(this.pos))) return this.readToken();
    if (ch === undefined) this.fail('unexpected end of file: key expected', this.pos);
    if (ch === ',' || ch === '}') this.fail('key expected (empty member or extra comma)', this.pos);
    this.fail(`unexpected character ${describeChar(this.charAt(this.pos))}: key expected`, this.pos);
  }

  /** A maximal run of token characters, which must end at whitespace, `, : } ]` or end of file. */
  private readToken(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && isTokenChar(t.charCodeAt(this.pos))) this.pos++;
    const token = t.slice(start, this.pos);
    if (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      const endsCleanly = isWhitespace(c) || c === 0x2c || c === 0x3a || c === 0x7d || c === 0x5d; // , : } ]
      if (!endsCleanly) {
        if (c === 0x2f && (t[this.pos + 1] === '/' || t[this.pos + 1] === '*')) {
          this.fail('a comment must be preceded by whitespace', this.pos);
        }
        this.fail(
          `unexpected character ${describeChar(this.charAt(this.pos))} after \`${token}\` — quote it`,
          this.pos,
        );
      }
    }
    if (token.length > FLEX_JSON_LIMITS.maxStringBytes) {
      this.fail('text longer than 64 KB', start);
    }
    return token;
  }

  private readQuoted(): string {
    const t = this.text;
    const start = this.pos;
    const quote = t[start];
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail(`unterminated string: closing ${quote} expected`, start);
      const c = t.charCodeAt(this.pos);
      if (t[this.pos] === quote) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        break;
      }
      if (c === 0x0a || c === 0x0d) {
        this.fail('line break inside a quoted string: write it as \\n', this.pos);
      }
      if (c < 0x20 && c !== 0x09) {
        this.fail(
          `control character ${describeChar(t[this.pos] ?? '')} inside a quoted string: escape it`,
          this.pos,
        );
      }
      if (c === 0x5c) {
        out += t.slice(runStart, this.pos);
        out += this.readEscape();
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
    if (Buffer.byteLength(out, 'utf8') > FLEX_JSON_LIMITS.maxStringBytes) {
      this.fail('text longer than 64 KB', start);
    }
    return out;
  }

  private readEscape(): string {
    const t = this.text;
    const at = this.pos;
    const e = t[at + 1];
    if (e === undefined) this.fail('unterminated escape sequence', at);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (e !== 'u') {
      this.fail(`unknown escape \\${e} — write \\\\ for a backslash`, at);
    }
    const unit = this.readHex4(at);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (t[this.pos] !== '\\' || t[this.pos + 1] !== 'u') {
        this.fail('high surrogate \\u escape must be followed by a low surrogate escape', at);
      }
      const low = this.readHex4(this.pos);
      if (low < 0xdc00 || low > 0xdfff) {
        this.fail('high surrogate \\u escape must be followed by a low surrogate escape', at);
      }
      return String.fromCharCode(unit, low);
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('lone low surrogate \\u escape', at);
    return String.fromCharCode(unit);
  }

  /** Reads `\uXXXX` at `at`, leaves `pos` after it. */
  private readHex4(at: number): number {
    const hex = this.text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('\\u must be followed by exactly four hex digits', at);
    this.pos = at + 6;
    return parseInt(hex, 16);
  }
}

/** MEDIA-045: how a bare token in value position is typed. */
function typeToken(token: string, start: number, reader: Reader): unknown {
  const lower = token.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  const first = token[0];
  if (first === '-' || first === '.' || (first !== undefined && first >= '0' && first <= '9')) {
    if (!NUMBER.test(token)) {
      if (/^-?0[0-9]/.test(token) && /^-?[0-9]+$/.test(token)) {
        reader.failAt(`\`${token}\` is not a valid number (leading zero) — quote it if it is text`, start);
      }
      reader.failAt(`\`${token}\` starts like a number but is not one — quote it if it is text`, start);
    }
    const n = Number(token);
    if (!Number.isFinite(n)) reader.failAt(`\`${token}\` is too large for a number`, start);
    return n;
  }
  if (token.startsWith('Infinity')) {
    reader.failAt(`\`${token}\` is not allowed as a bare value — quote it if it is text`, start);
  }
  return token;
}

function withOrder(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  // Integer-like keys ("600") are reordered by JavaScript itself; the file order is kept aside.
  Object.defineProperty(obj, KEY_ORDER, { value: order, enumerable: false });
  return obj;
}

/** Parses a flex-json document. Throws FlexJsonError with the line and column of the problem. */
export function parseFlexJson(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > FLEX_JSON_LIMITS.maxFileBytes) {
    throw new FlexJsonError('file larger than 1 MB', 1, 1);
  }
  // A single leading BOM is the one deliberate extension over the reference (MEDIA-041).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new Reader(body).parseDocument();
}
