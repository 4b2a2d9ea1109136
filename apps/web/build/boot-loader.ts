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

/**
 * The loader: starts the boot module only after the first frame with the server's markup has been
 * painted (the rAF callback runs just before that paint, the timeout right after it). A hidden tab
 * never paints, so it starts at once; a visible one whose frames stall starts after 1.5 s at the latest.
 * The module script gets low fetch priority so the detail banner keeps the bandwidth.
 */
export function loaderScript(entrySrc: string): string {
  return (
    `(function(){var d=document,started=0;function boot(){if(started)return;started=1;` +
    `var s=d.createElement('script');s.type='module';s.crossOrigin='';s.fetchPriority='low';` +
    `s.src=${JSON.stringify(entrySrc)};d.body.appendChild(s)}` +
    `if(d.visibilityState==='visible'){requestAnimationFrame(function(){setTimeout(boot,0)});` +
    `setTimeout(boot,1500)}else boot()})();`
  );
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
  return {
    name: 'tafuta-boot-loader',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const entry = ENTRY_TAG.exec(html);
        if (!entry?.[1]) throw new Error('boot-loader: no <script type="module" src> in index.html');
        if (!html.includes('</body>')) throw new Error('boot-loader: index.html has no </body>');
        return html
          .replace(entry[0], '')
          .replace('</body>', `<script>${loaderScript(entry[1])}</script>\n  </body>`);
      },
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html'];
        if (index?.type !== 'asset') return;
        const csp: CspFile = { 'script-src': inlineScripts(String(index.source)).map(cspHash) };
        this.emitFile({ type: 'asset', fileName: CSP_FILE, source: `${JSON.stringify(csp, null, 2)}\n` });
      },
    },
  };
}
