import { businessContentSchema, type BusinessContent } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { fullContent, modelFor } from './fixture.js';
import { plainLocator } from '../search/listing-view.js';
import { websiteImages, type WebsiteModel } from './model.js';
import { renderWebsite } from './render.js';
import { renderClosed, renderLapsed, renderUnavailable } from './state-pages.js';
import { escapeHtml } from './template/html.js';
import { jsonLdOf, scanHtml } from './test-html.js';

/**
 * UI-CJ-02 "all output is HTML-escaped": hostile text in every field of content_json (found by walking
 * the zod schema), and in the catalogue names, must come out as text, never as markup, script or a link.
 */

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '" onmouseover="alert(1)" x="',
  'javascript:alert(1)',
  '</script><script>alert(1)</script>',
  '</style><style>*{display:none}</style>',
  '<!-- comment',
  'line\u2028separator\u2029paragraph',
  '&lt;b&gt; &amp; &#39;',
  '{name} {{name}} ${1}',
];

type Walk = (node: unknown, path: string[]) => void;

/** Paths of string leaves in the schema; `text` marks contentText fields (a pipe over a string). */
function schemaStrings(
  schema: unknown,
  path: string[] = [],
  out = new Map<string, boolean>(),
  inPipe = false,
) {
  const def = (schema as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const next = (child: unknown, step?: string, pipe = inPipe) =>
    schemaStrings(child, step === undefined ? path : [...path, step], out, pipe);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) next(child, key);
      break;
    case 'record':
      next(def.valueType, '*');
      break;
    case 'array':
      next(def.element, '[]');
      break;
    case 'optional':
    case 'nullable':
      next(def.innerType);
      break;
    case 'pipe':
      next(def.in, undefined, true);
      break;
    case 'union':
      for (const option of def.options as unknown[]) next(option);
      break;
    case 'string':
      out.set(schemaPath(path), inPipe);
      break;
    default:
  }
  return out;
}

const LANGUAGE_AREAS = new Set(['profile', 'website', 'media']);

/** The schema path of a document path: language and record keys become `*`, indexes `[]`. */
function schemaPath(path: string[]): string {
  return path
    .map((step, index) => {
      if (/^\d+$/.test(step)) return '[]';
      if (index === 1 && LANGUAGE_AREAS.has(path[0]!)) return '*';
      if (path[index - 1] === 'captions') return '*';
      // One day stands for all seven (the fixture keeps a closed day, the schema allows open hours on it).
      if (path[index - 1] === 'hours') return '*';
      return step;
    })
    .join('.');
}

function mapStrings(
  node: unknown,
  replace: (path: string[], value: string) => string,
  path: string[] = [],
): unknown {
  if (typeof node === 'string') return replace(path, node);
  if (Array.isArray(node))
    return node.map((item, index) => mapStrings(item, replace, [...path, String(index)]));
  if (node && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, mapStrings(value, replace, [...path, key])]),
    );
  return node;
}

const walkStrings = (node: unknown, visit: Walk, path: string[] = []) =>
  void mapStrings(node, (at, value) => (visit(value, at), value), path);

const stringPaths = schemaStrings(businessContentSchema);
const fixtureModel = { business_id: modelFor(fullContent()).businessId, business_tag: 'doreen-beauty' };
const textPaths = new Set([...stringPaths].filter(([, text]) => text).map(([path]) => path));

function hostileModel(payload: string, everything: boolean): WebsiteModel {
  const content = mapStrings(fullContent(), (path, value) =>
    everything || textPaths.has(schemaPath(path)) ? payload : value,
  ) as BusinessContent;
  const names = { en: payload, sw: payload };
  // Image URLs as the server builds them: a hostile slug must give no image rather than a broken URL.
  const locate = plainLocator({ mediaBaseUrl: 'https://tafuta.ke/media' }, fixtureModel);
  return modelFor(content, {
    images: websiteImages(content, locate, false),
    ...(everything ? { businessName: payload, city: payload, phone: payload } : {}),
    categories: [{ slug: 'salons', name: payload, names }],
    regions: [{ slug: 'machakos', name: payload, names }],
  });
}

describe('hostile text in content_json', () => {
  it('the fixture fills every string field the schema has, so the walk covers them all', () => {
    const covered = new Set<string>();
    walkStrings(fullContent(), (_, path) => covered.add(schemaPath(path)));
    expect([...stringPaths.keys()].filter((path) => !covered.has(path))).toEqual([]);
    expect(textPaths.size).toBeGreaterThanOrEqual(20);
  });

  it.each(PAYLOADS)('text fields holding %j render as text only', (payload) => {
    const model = hostileModel(payload, false);
    for (const lang of ['en', 'sw'] as const) {
      const { html } = renderWebsite(model, { lang, preview: false });
      const scan = scanHtml(html);
      expect(scan.scripts).toHaveLength(1);
      // The payload is on the page as visible text (escaped in the markup) …
      const shown = payload.replace(/[\u2028\u2029]/g, (char) => char);
      expect(scan.text).toContain(shown.trim());
      expect(html).toContain(escapeHtml(payload.trim()).slice(0, 20));
      // … and the JSON-LD parses back to exactly the strings that were stored.
      const ld = jsonLdOf(html);
      expect(ld.name).toBe(payload.trim());
      expect(ld.description).toBe(payload.trim());
      expect((ld.address as Record<string, unknown>).streetAddress).toBe(
        `${payload.trim()}, ${payload.trim()}`,
      );
      expect((ld.address as Record<string, unknown>).addressLocality).toBe(payload.trim());
      expect(scan.scripts[0]).not.toMatch(/[<>&\u2028\u2029]/);
    }
  });

  it.each(PAYLOADS)(
    'every string of the document and the catalogue names holding %j stay inert',
    (payload) => {
      const model = hostileModel(payload, true);
      for (const preview of [false, true]) {
        const { html } = renderWebsite(model, { lang: 'sw', preview });
        const scan = scanHtml(html);
        const links = scan.tags
          .flatMap((tag) => [tag.attrs.get('href'), tag.attrs.get('src')])
          .filter(Boolean);
        expect(links.some((link) => /javascript:/i.test(link!))).toBe(false);
        // Malformed phone, e-mail and web address give no links at all rather than unsafe ones.
        expect(links.some((link) => /^(tel:|mailto:)/.test(link!))).toBe(false);
        expect(scan.tags.filter((tag) => tag.name === 'script')).toHaveLength(1);
      }
      for (const page of [
        renderLapsed(model, { lang: 'en', mainSiteUrl: 'https://tafuta.ke' }),
        renderClosed(model, { lang: 'en', mainSiteUrl: 'https://tafuta.ke' }),
        renderUnavailable({ lang: 'en', mainSiteUrl: 'https://tafuta.ke' }),
      ]) {
        const scan = scanHtml(page.html);
        expect(scan.scripts).toEqual([]);
      }
    },
  );

  it('an owner web address that is not http(s) never becomes a link', () => {
    for (const website_url of [
      'javascript:alert(1)',
      'data:text/html,<b>',
      ' https://x.example',
      'https://',
    ]) {
      const content = fullContent();
      content.contact.website_url = website_url;
      const { html } = renderWebsite(modelFor(content), { lang: 'en', preview: false });
      expect(html).not.toContain('x.example');
      expect(html).not.toMatch(/href="(javascript|data):/);
    }
  });
});
