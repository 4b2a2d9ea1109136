/**
 * A strict reader of the template's own output, for the tests: every `<` must open or close an allowed
 * tag whose attributes are allowed names with double-quoted values; text and values may hold only the
 * five entities the escaper writes; raw-text elements (style, script) must hold no `<`. An injected
 * element, event handler or broken-out attribute therefore fails the scan instead of slipping through.
 */

const TAGS = new Set(
  (
    'html head meta title link style script body a p span div main header footer nav section h1 h2 h3 ul li ' +
    'img figure figcaption table tbody tr th td address dl dt dd details summary strong svg symbol use path circle'
  ).split(' '),
);
const VOID = new Set(['meta', 'link', 'img']);
const ATTRIBUTES =
  /^(class|id|href|src|srcset|sizes|width|height|alt|lang|hreflang|role|loading|decoding|fetchpriority|imagesrcset|imagesizes|as|rel|type|name|content|property|charset|scope|viewBox|focusable|cx|cy|r|d|aria-[a-z]+)$/;
const URL_ATTRIBUTES = new Set(['href', 'src']);
const SAFE_URL =
  /^(https:\/\/[^\s"<>]+|http:\/\/[^\s"<>]+|tel:\+254\d{8,9}|mailto:[^\s"<>:]+@[^\s"<>]+|\?lang=[a-z]+|#[a-z-]+|\.\/|\/favicon\.ico|\/icon\.svg)$/;
const ENTITY = /&(?!(?:amp|lt|gt|quot|#39);)/;

export interface ScannedTag {
  name: string;
  closing: boolean;
  attrs: Map<string, string>;
}

export interface Scan {
  tags: ScannedTag[];
  /** Text between tags, entities decoded. */
  text: string;
  /** Bodies of `<script>` elements, as written. */
  scripts: string[];
}

const decode = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function fail(html: string, at: number, why: string): never {
  throw new Error(`${why} at ${at}: …${html.slice(Math.max(0, at - 60), at + 60)}…`);
}

export function scanHtml(html: string): Scan {
  if (!html.startsWith('<!doctype html>')) fail(html, 0, 'no doctype');
  const tagPattern = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:="[^"]*")?)*)\s*(\/?)>/y;
  const attrPattern = /\s+([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"]*)")?/g;
  const tags: ScannedTag[] = [];
  const scripts: string[] = [];
  const stack: string[] = [];
  let text = '';
  let at = '<!doctype html>'.length;
  while (at < html.length) {
    const next = html.indexOf('<', at);
    const run = html.slice(at, next === -1 ? html.length : next);
    if (run.includes('>') || ENTITY.test(run)) fail(html, at, 'unescaped text');
    text += decode(run);
    if (next === -1) break;
    tagPattern.lastIndex = next;
    const match = tagPattern.exec(html);
    if (!match) fail(html, next, 'not a tag');
    const [whole, slash, name, rawAttrs] = match as unknown as [string, string, string, string];
    if (!TAGS.has(name)) fail(html, next, `tag <${name}> not allowed`);
    const attrs = new Map<string, string>();
    for (const [, attrName, value = ''] of rawAttrs.matchAll(attrPattern)) {
      if (!ATTRIBUTES.test(attrName!)) fail(html, next, `attribute ${attrName} not allowed`);
      if (ENTITY.test(value) || value.includes('<') || value.includes('>'))
        fail(html, next, `unescaped value of ${attrName}`);
      const decoded = decode(value);
      if (URL_ATTRIBUTES.has(attrName!) && !SAFE_URL.test(decoded)) fail(html, next, `unsafe URL ${decoded}`);
      if (attrName === 'srcset' || attrName === 'imagesrcset')
        for (const candidate of decoded.split(', '))
          if (!/^https:\/\/\S+ \d+w$/.test(candidate)) fail(html, next, `unsafe srcset ${candidate}`);
      attrs.set(attrName!, decoded);
    }
    const closing = slash === '/';
    tags.push({ name, closing, attrs });
    at = next + whole.length;
    if (closing) {
      if (stack.pop() !== name) fail(html, next, `</${name}> closes the wrong element`);
    } else if (name === 'style' || name === 'script') {
      const end = html.indexOf(`</${name}>`, at);
      const body = html.slice(at, end);
      if (end === -1 || body.includes('<')) fail(html, at, `broken <${name}>`);
      if (name === 'script') scripts.push(body);
      at = end + name.length + 3;
    } else if (!VOID.has(name) && name !== 'use' && name !== 'path' && name !== 'circle') {
      stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed elements: ${stack.join(' ')}`);
  return { tags, text, scripts };
}

export function jsonLdOf(html: string): Record<string, unknown> {
  const [script] = scanHtml(html).scripts;
  if (script === undefined) throw new Error('no JSON-LD');
  return JSON.parse(script) as Record<string, unknown>;
}

/** Opening tags only. */
export const opening = (html: string): ScannedTag[] => scanHtml(html).tags.filter((tag) => !tag.closing);

export const byClass = (tags: ScannedTag[], name: string): ScannedTag[] =>
  tags.filter((tag) => tag.attrs.get('class')?.split(' ').includes(name));
