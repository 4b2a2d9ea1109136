#!/usr/bin/env node
// The size budget of the public web app (issue 8 item 6, ui.md UI-PERF-03/08), run after `vite build`
// by the web workspace's build script, so `npm run build` (and CI) fails above budget:
//   initial JS  ≤ 120 KiB gzipped: the scripts index.html loads plus everything they import statically;
//   CSS         ≤  20 KiB gzipped: the stylesheets index.html loads plus those of the initial chunks.
// Lazily loaded route chunks are not initial and are not counted. Sizes are gzip at zlib's default level,
// what the server's compression middleware sends. Usage: node scripts/check-web-budget.mjs [distDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export const BUDGET_KIB = { js: 120, css: 20 };

/** Same-origin asset URLs in index.html: module and classic scripts, module preloads and stylesheets. */
export function assetsInHtml(html) {
  const js = new Set();
  const css = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attribute = (name) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
    const url = tag.toLowerCase().startsWith('<script') ? attribute('src') : attribute('href');
    if (!url || /^([a-z]+:)?\/\//i.test(url)) continue;
    const file = url.replace(/^\//, '').split(/[?#]/)[0];
    const rel = attribute('rel')?.toLowerCase();
    if (tag.toLowerCase().startsWith('<script')) js.add(file);
    else if (rel === 'modulepreload') js.add(file);
    else if (rel === 'stylesheet') css.add(file);
  }
  return { js, css };
}

/**
 * The initial download: what index.html names, plus every chunk an entry imports statically (following
 * Vite's build manifest transitively), with their CSS. The entry's own dynamic imports count too: the
 * entry is a tiny boot script that imports the app once the first view has painted (apps/web/src/
 * main.tsx), so that import is part of every page load. Other dynamic imports (lazy routes, catalogues
 * of other languages) are left out on purpose.
 */
export function initialAssets(html, manifest) {
  const { js, css } = assetsInHtml(html);
  const seen = new Set();
  const visit = (key, withDynamic = false) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    js.add(chunk.file);
    for (const sheet of chunk.css ?? []) css.add(sheet);
    for (const imported of chunk.imports ?? []) visit(imported);
    if (withDynamic) for (const imported of chunk.dynamicImports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry || js.has(chunk.file)) visit(key, chunk.isEntry === true);
  }
  return { js: [...js].sort(), css: [...css].sort() };
}

export function gzipSize(buffer) {
  return zlib.gzipSync(buffer).length;
}

const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** Compares summed gzip sizes with the budget; returns the report lines and whether the build may pass. */
export function evaluateBudget(sizes, budget = BUDGET_KIB) {
  const lines = [];
  let ok = true;
  for (const kind of /** @type {const} */ (['js', 'css'])) {
    const files = sizes[kind];
    for (const { file, bytes, gzip } of files) {
      lines.push(
        `  ${kind.padEnd(3)} ${file.padEnd(48)} ${String(bytes).padStart(8)} B  ${kib(gzip)} KiB gz`,
      );
    }
    const total = files.reduce((sum, { gzip }) => sum + gzip, 0);
    const within = total <= budget[kind] * 1024;
    ok &&= within;
    lines.push(
      `${within ? 'ok  ' : 'OVER'} initial ${kind.toUpperCase()}: ${kib(total)} KiB gzipped (budget ${budget[kind]} KiB)`,
    );
  }
  return { ok, lines };
}

export function measure(distDir) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const manifestFile = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${manifestFile} is missing: the web build must set build.manifest = true`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const assets = initialAssets(html, manifest);
  const sized = (files) =>
    files.map((file) => {
      const content = fs.readFileSync(path.join(distDir, file));
      return { file, bytes: content.length, gzip: gzipSize(content) };
    });
  return { js: sized(assets.js), css: sized(assets.css) };
}

function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const distDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'apps', 'web', 'dist'));
  const { ok, lines } = evaluateBudget(measure(distDir));
  process.stdout.write(
    `Web size budget (${path.relative(process.cwd(), distDir) || '.'}):\n${lines.join('\n')}\n`,
  );
  if (!ok) {
    process.stderr.write(
      'The web app is over its size budget (ui.md UI-PERF-03). Load the code of non-home routes lazily ' +
        '(React.lazy in router.tsx) or drop the heavy import.\n',
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
