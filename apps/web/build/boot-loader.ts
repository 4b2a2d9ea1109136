import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Where the build records the CSP hash sources of index.html's inline scripts, under the build's
 * output folder. The server reads it (apps/api/src/http/web-app.ts) and adds them to `script-src` of
 * the pages it sends; nothing else is allowed inline (SEC-03 stays `script-src 'self'` plus these).
 */
export const CSP_FILE = '.vite/csp.json';

export interface CspFile {
  /** `'sha256-…'` sources, one per executable inline script of index.html. */
  'script-src': string[];
}

/** `'sha256-<base64>'` of a script's text, as CSP Level 2 hashes it (the exact UTF-8 bytes). */
export function cspHash(scriptText: string): string {
  return `'sha256-${createHash('sha256').update(scriptText, 'utf8').digest('base64')}'`;
}

/** The icon <head> keeps until the loader adds the real ones (see DEFERRED_LINK). */
const PLACEHOLDER_ICON = 'data:,';

/** A `<link>` the loader adds after the first paint, as its attributes. */
export type DeferredLink = Record<string, string>;

/**
 * The loader: starts the boot module only after the server's markup has been painted. With a first
 * view in #root it waits for the browser's first-contentful-paint entry: that arrives once the frame
 * was presented, whereas a rAF → timeout ran ~10 ms before it, so the 1 KB boot module often ended
 * before the paint Lighthouse observed and its 3G model added a 300 ms round trip to LCP (landing
 * 1,584 ms for an FCP of 1,272 ms). An empty #root (the plain shell: nothing contentful to paint) waits
 * one frame (the rAF callback runs just before that paint, the timeout right after it). A hidden tab
 * never paints, so it starts at once; a visible one whose frames stall starts after 1.5 s at the latest.
 * The module script gets low fetch priority so the detail banner keeps the bandwidth. The favicons and
 * the manifest (`links`) are added to <head> at the same moment (see DEFERRED_LINK).
 */
export function loaderScript(entrySrc: string, links: DeferredLink[] = []): string {
  const addLinks = links.length
    ? `var p=d.querySelector('link[href="${PLACEHOLDER_ICON}"]');if(p)p.remove();` +
      `${JSON.stringify(links)}.forEach(function(a){var l=d.createElement('link');` +
      `for(var k in a)l.setAttribute(k,a[k]);d.head.appendChild(l)});`
    : '';
  return (
    `(function(){var d=document,started=0;function boot(){if(started)return;started=1;${addLinks}` +
    `var s=d.createElement('script');s.type='module';s.crossOrigin='';s.fetchPriority='low';` +
    `s.src=${JSON.stringify(entrySrc)};d.body.appendChild(s)}` +
    `function frame(){requestAnimationFrame(function(){setTimeout(boot,0)})}` +
    `if(d.visibilityState!=='visible')boot();else{setTimeout(boot,1500);` +
    `var r=d.getElementById('root');if(!r||!r.firstChild)frame();else try{` +
    `new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length)` +
    `setTimeout(boot,0)}).observe({type:'paint',buffered:true})}catch(e){frame()}}})();`
  );
}

/**
 * The favicons and the manifest link. Chromium fetches them as soon as it parses <head>, often before
 * its first paint on loopback; Lighthouse's 3G model (Lantern's LCP graph) then counts every non-image
 * request that ended before the observed LCP, so in those runs LCP was FCP plus one or two 300 ms round
 * trips (landing 1,865 ms for an FCP of 1,256 ms with the server's <h1> as the LCP element). Nothing
 * on the page needs them to paint, so the loader adds them after the first paint. The apple-touch-icon
 * stays: Chromium does not fetch it, and Safari reads it only when the page is added to the home screen.
 * Without any icon link Chromium fetches /favicon.ico before the paint instead, so <head> keeps an empty
 * `data:` icon (no request; Lantern costs it nothing), which the loader removes.
 */
const DEFERRED_LINK = /<link\s+rel="(?:icon|manifest)"[^>]*>\s*/g;
const ATTRIBUTE = /([a-z-]+)="([^"]*)"/g;

/** Takes the deferred links out of index.html and returns them as attribute maps, in document order. */
export function takeDeferredLinks(html: string): { html: string; links: DeferredLink[] } {
  const links = [...html.matchAll(DEFERRED_LINK)].map(([tag]) =>
    Object.fromEntries([...tag.matchAll(ATTRIBUTE)].map(([, name, value]) => [name!, value!])),
  );
  let placeheld = false;
  const stripped = html.replace(DEFERRED_LINK, (tag) => {
    if (placeheld || !tag.startsWith('<link rel="icon"')) return '';
    placeheld = true;
    return `<link rel="icon" href="${PLACEHOLDER_ICON}" />\n    `;
  });
  return { html: stripped, links };
}

const ENTRY_TAG = /<script type="module"[^>]*\ssrc="([^"]+)"[^>]*><\/script>\s*/;
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/gi;

/** The inline scripts a browser would run: no `src`, and no type or a JavaScript type. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)]
    .filter(([, attributes]) => {
      const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes ?? '')?.[1]?.toLowerCase();
      return type === undefined || type === 'module' || type === 'text/javascript';
    })
    .map(([, , text]) => text ?? '');
}

/**
 * Even a module script in <head> with low priority was often fetched before Chromium's first paint,
 * and Lighthouse's 3G model (Lantern) then counts it in FCP/LCP (docs/web.md, Performance). So the
 * built index.html has no entry `<script src>` at all: an inline loader at the end of <body> appends it
 * after the first paint. The CSP allows that one script by its hash, written to dist/.vite/csp.json.
 * Build only: `vite dev` keeps the plain module script (src/main.tsx waits for the paint itself).
 */
export function bootLoader(): Plugin {
  let entrySrc = '';
  return {
    name: 'tafuta-boot-loader',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const entry = ENTRY_TAG.exec(html);
        if (!entry?.[1]) throw new Error('boot-loader: no <script type="module" src> in index.html');
        if (!html.includes('</body>')) throw new Error('boot-loader: index.html has no </body>');
        entrySrc = entry[1];
        return html
          .replace(entry[0], '')
          .replace('</body>', `<script>${loaderScript(entry[1])}</script>\n  </body>`);
      },
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        // A static import would be fetched with the boot module, before the app is wanted (main.tsx).
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk' && chunk.isEntry && chunk.imports.length > 0) {
            throw new Error(
              `boot-loader: the entry ${chunk.fileName} imports ${chunk.imports.join(', ')} statically ` +
                '(see the chunk groups in vite.config.ts)',
            );
          }
        }
        const index = bundle['index.html'];
        if (index?.type !== 'asset') return;
        // Here, not in transformIndexHtml: vite-plugin-pwa adds its manifest link after that hook ran.
        const { html, links } = takeDeferredLinks(String(index.source));
        const plain = `<script>${loaderScript(entrySrc)}</script>`;
        if (!html.includes(plain)) throw new Error('boot-loader: the loader is missing from index.html');
        index.source = html.replace(plain, `<script>${loaderScript(entrySrc, links)}</script>`);
        const csp: CspFile = { 'script-src': inlineScripts(index.source).map(cspHash) };
        this.emitFile({ type: 'asset', fileName: CSP_FILE, source: `${JSON.stringify(csp, null, 2)}\n` });
      },
    },
  };
}
