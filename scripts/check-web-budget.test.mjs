import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assetsInHtml, evaluateBudget, initialAssets, measure } from './check-web-budget.mjs';

const html = `<!doctype html><html><head>
  <script type="module" crossorigin src="/assets/index-abc.js"></script>
  <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
  <link rel="stylesheet" crossorigin href="/assets/index-ghi.css">
  <link rel="manifest" href="/manifest.webmanifest">
  <link rel="icon" href="/icon.svg" type="image/svg+xml" />
  <script id="vite-plugin-pwa:register-sw" src="/registerSW.js"></script>
  <script src="https://cdn.example.com/tracker.js"></script>
</head><body></body></html>`;

const manifest = {
  'index.html': {
    file: 'assets/index-abc.js',
    isEntry: true,
    imports: ['_vendor-def.js'],
    // The boot entry imports the app after the first paint: initial. The app's own lazy routes are not.
    dynamicImports: ['src/app.tsx'],
    css: ['assets/index-ghi.css'],
  },
  'src/app.tsx': {
    file: 'assets/app-jkl.js',
    isDynamicEntry: true,
    imports: ['_vendor-def.js'],
    dynamicImports: ['src/pages/SearchPage.tsx'],
  },
  '_vendor-def.js': { file: 'assets/vendor-def.js', imports: ['_runtime.js'] },
  '_runtime.js': { file: 'assets/runtime.js' },
  'src/pages/SearchPage.tsx': {
    file: 'assets/SearchPage-xyz.js',
    isDynamicEntry: true,
    imports: ['_vendor-def.js', '_forms.js'],
    css: ['assets/SearchPage.css'],
  },
  '_forms.js': { file: 'assets/forms.js' },
};

describe('the web size budget', () => {
  it('reads scripts, module preloads and stylesheets from index.html, never remote or non-code links', () => {
    const { js, css } = assetsInHtml(html);
    expect([...js].sort()).toEqual(['assets/index-abc.js', 'assets/vendor-def.js', 'registerSW.js']);
    expect([...css]).toEqual(['assets/index-ghi.css']);
  });

  it("follows static imports transitively and the entry's own dynamic import, and leaves lazily loaded routes out", () => {
    expect(initialAssets(html, manifest)).toEqual({
      js: [
        'assets/app-jkl.js',
        'assets/index-abc.js',
        'assets/runtime.js',
        'assets/vendor-def.js',
        'registerSW.js',
      ],
      css: ['assets/index-ghi.css'],
    });
  });

  it('passes at the budget and fails one byte above it, for JS and CSS separately', () => {
    const at = {
      js: [{ file: 'a.js', bytes: 1, gzip: 120 * 1024 }],
      css: [{ file: 'a.css', bytes: 1, gzip: 20 * 1024 }],
    };
    expect(evaluateBudget(at).ok).toBe(true);
    const jsOver = { ...at, js: [...at.js, { file: 'b.js', bytes: 1, gzip: 1 }] };
    const report = evaluateBudget(jsOver);
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/OVER initial JS: 120 KiB gzipped \(budget 120 KiB\)/);
    expect(evaluateBudget({ ...at, css: [{ file: 'a.css', bytes: 1, gzip: 20 * 1024 + 1 }] }).ok).toBe(false);
  });

  it('measures gzip sizes of a built folder', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-'));
    try {
      fs.mkdirSync(path.join(dist, 'assets'));
      fs.mkdirSync(path.join(dist, '.vite'));
      fs.writeFileSync(path.join(dist, 'index.html'), html);
      fs.writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
      // Random bytes do not compress, so the gzip size is a little above the raw size.
      const files = [
        'assets/index-abc.js',
        'assets/app-jkl.js',
        'assets/vendor-def.js',
        'assets/runtime.js',
        'registerSW.js',
      ];
      for (const file of files) fs.writeFileSync(path.join(dist, file), crypto.randomBytes(40 * 1024));
      fs.writeFileSync(path.join(dist, 'assets/index-ghi.css'), 'a{color:red}'.repeat(1000));
      const sizes = measure(dist);
      expect(sizes.js.map((entry) => entry.file)).toEqual([...files].sort());
      expect(sizes.js.every((entry) => entry.gzip > 40 * 1024)).toBe(true);
      expect(sizes.css[0].gzip).toBeLessThan(1024);
      const report = evaluateBudget(sizes);
      expect(report.ok).toBe(false);
      expect(report.lines.at(-3)).toMatch(/^OVER initial JS/);
      expect(report.lines.at(-1)).toMatch(/^ok {3}initial CSS/);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
