import { FlexJsonWriteError } from './errors.js';
import { orderedKeys } from './key-order.js';

/**
 * The Tafuta flex-json writer (media.md MEDIA-048): one conservative canonical form that the
 * reference library and our reader both parse to the identical value. Used for every
 * machine-written `.jfx` (transform specs, journals).
 */

export interface StringifyFlexJsonOptions {
  /** One-line header written as a leading block comment, e.g. "written by Tafuta". */
  header?: string;
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_MAGNITUDE = 1e15;
const MIN_MAGNITUDE = 1e-6;
const SHORT_ESCAPES: Record<number, string> = {
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
};
// A UTF-16 surrogate without its partner cannot be written as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function quote(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new FlexJsonWriteError('string contains a lone UTF-16 surrogate', path);
  }
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escaped: string | undefined;
    if (c === 0x5c) escaped = '\\\\';
    else if (c === 0x22) escaped = '\\"';
    else if (c < 0x20) escaped = SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    if (escaped !== undefined) {
      out += text.slice(runStart, i) + escaped;
      runStart = i + 1;
    }
  }
  // Everything else, non-ASCII included, stays literal: old reference versions mis-decode \u.
  return out + text.slice(runStart) + '"';
}

function writeNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw new FlexJsonWriteError(`number ${n} is not finite`, path);
  if (n === 0) return '0'; // also -0
  const magnitude = Math.abs(n);
  if (magnitude > MAX_MAGNITUDE || magnitude < MIN_MAGNITUDE) {
    throw new FlexJsonWriteError(`number ${n} is outside the writable range`, path);
  }
  // Within this range JavaScript's shortest round-trip form never uses an exponent.
  return String(n);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function writeValue(value: unknown, indent: string, path: string, stack: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return writeNumber(value, path);
    case 'string':
      return quote(value, path);
    case 'object':
      break;
    default:
      throw new FlexJsonWriteError(`cannot write a value of type ${typeof value}`, path);
  }
  if (stack.has(value)) throw new FlexJsonWriteError('circular reference', path);
  const inner = indent + '  ';
  stack.add(value);
  try {
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined) throw new FlexJsonWriteError('undefined array element', `${path}[${i}]`);
        items.push(inner + writeValue(item, inner, `${path}[${i}]`, stack));
      }
      return `[\n${items.join(',\n')}\n${indent}]`;
    }
    if (!isPlainObject(value)) {
      throw new FlexJsonWriteError('only plain objects, arrays and primitives can be written', path);
    }
    const members: string[] = [];
    for (const key of orderedKeys(value)) {
      const member = value[key];
      // Like JSON.stringify: an optional field left undefined is simply absent.
      if (member === undefined) continue;
      const name = BARE_KEY.test(key) ? key : quote(key, path);
      members.push(`${inner}${name}: ${writeValue(member, inner, `${path}.${key}`, stack)}`);
    }
    if (members.length === 0) return '{}';
    return `{\n${members.join(',\n')}\n${indent}}`;
  } finally {
    stack.delete(value);
  }
}

/** Writes `value` in the canonical flex-json form: LF, two-space indent, final newline. */
export function stringifyFlexJson(value: unknown, opts: StringifyFlexJsonOptions = {}): string {
  let head = '';
  if (opts.header !== undefined) {
    if (/[\r\n]/.test(opts.header) || opts.header.includes('*/')) {
      throw new FlexJsonWriteError('header must be one line without `*/`', '$header');
    }
    head = `/* ${opts.header} */\n`;
  }
  return `${head}${writeValue(value, '', '$', new Set())}\n`;
}
