import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse, { type Result } from 'lighthouse';
import { freePort } from '../apps/api/src/test/ports.js';
import { measure } from '../scripts/check-web-budget.mjs';
import { CHROMIUM_PATH, phoneAuditFlags, startChromium, THREE_G } from './chromium.js';

/**
 * `npm run bench:web` (issue 8 item 7, ui.md §16): Lighthouse's mobile run with the spec's 3G profile
 * (300 ms round trip, 1.6 Mbit/s down, 768 kbit/s up, 4× CPU slowdown, 360×640) against the built web
 * app served by the real server on the embedded default with its demo data, for the home page, a
 * region+category landing page and a hosted business's detail page. Prints LCP, TBT, CLS and bytes per
 * page; the last line is `RESULT web home_lcp_ms=… home_cls=… home_kb=… landing_lcp_ms=… detail_lcp_ms=…
 * js_kb_gz=…`. Nothing leaves loopback: the page may not request another host (checked), Chromium runs
 * with its background networking off, and Lighthouse is given no URL but ours.
 *
 * Env: CHROMIUM_PATH (/usr/bin/chromium), BENCH_REBUILD=1 (build the web app even if dist exists),
 * BENCH_LANDING (/region/machakos/category/restaurants), WEB_DIST_PATH (apps/web/dist: another build to
 * measure; it is then never rebuilt), BENCH_THROTTLING=lighthouse (Lighthouse's default mobile profile,
 * 150 ms round trip, instead of the spec's 300 ms 3G).
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const webDist = path.resolve(repoRoot, process.env.WEB_DIST_PATH ?? path.join('apps', 'web', 'dist'));
/** The brief's fixed port, away from the lead's 54329 and the tests' random ones. */
const EMBEDDED_PG_PORT = 54421;
const LANDING_PATH = process.env.BENCH_LANDING ?? '/region/machakos/category/restaurants';

const log = (line: string) => process.stdout.write(`${line}\n`);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(what: string, probe: () => Promise<boolean>, child: ChildProcess, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode})`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${ms / 1000} s`);
    await sleep(200);
  }
}

interface Started {
  url: string;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timeout = sleep(15_000).then(() => child.kill('SIGKILL'));
  await Promise.race([exited, timeout]);
}

/** main.ts as `npm start` runs it, but from source, on its own data folder and embedded database. */
async function startServer(): Promise<Started> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-bench-web-'));
  // As root the embedded database runs as "postgres", which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    // A clean environment: no DATABASE_URL, so the embedded default starts and seeds its demo data.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(EMBEDDED_PG_PORT),
      LOG_LEVEL: 'warn',
      WEB_DIST_PATH: webDist,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor('The server', async () => (await fetch(`${url}/api/health`)).ok, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** A hosted demo business: only hosted businesses have a detail page (UI-VIS-03). */
async function hostedBusinessTag(baseUrl: string): Promise<string> {
  for (const region of ['machakos', 'kisumu']) {
    const reply = (await (await fetch(`${baseUrl}/api/search?region=${region}&limit=50`)).json()) as {
      data: { business_tag: string; hosted: boolean }[];
    };
    const hosted = reply.data.find((item) => item.hosted);
    if (hosted) return hosted.business_tag;
  }
  throw new Error('The demo data has no hosted business to open');
}

interface PageFigures {
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  bytes: number;
  performance: number;
  requests: string[];
  /** Lighthouse's `largest-contentful-paint-element` audit: which node was the LCP, and its phases. */
  lcpElement: string;
}

async function audit(url: string, port: number): Promise<PageFigures> {
  // Lighthouse's own mobile default on request, for comparison with others.
  const flags = phoneAuditFlags(port, process.env.BENCH_THROTTLING === 'lighthouse' ? undefined : THREE_G);
  const runner = await lighthouse(url, flags);
  if (!runner) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr: Result = runner.lhr;
  // BENCH_JSON_DIR keeps each page's whole Lighthouse result, e.g. to see what its LCP graph counted.
  if (process.env.BENCH_JSON_DIR) {
    const file = path.join(process.env.BENCH_JSON_DIR, `${new URL(url).pathname.replace(/\W+/g, '_')}.json`);
    fs.writeFileSync(file, JSON.stringify(lhr));
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
  const value = (id: string) => {
    const figure = lhr.audits[id]?.numericValue;
    if (figure === undefined) throw new Error(`Lighthouse measured no ${id} on ${url}`);
    return figure;
  };
  const details = lhr.audits['network-requests']?.details as { items?: { url: string }[] } | undefined;
  return {
    lcpMs: value('largest-contentful-paint'),
    fcpMs: value('first-contentful-paint'),
    tbtMs: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    bytes: value('total-byte-weight'),
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    requests: (details?.items ?? []).map((item) => item.url),
    lcpElement: describeLcpElement(lhr),
  };
}

/** "<selector> (observed FCP … ms, LCP … ms)": tells a late LCP candidate from the server's first paint. */
function describeLcpElement(lhr: Result): string {
  // Lighthouse 13 names the LCP node in its LCP breakdown insight: a list of a phase table and the node.
  type Node = { type?: string; selector?: string; snippet?: string };
  const details = lhr.audits['lcp-breakdown-insight']?.details as { items?: Node[] } | undefined;
  const node = details?.items?.find((item) => item.type === 'node');
  const metrics = lhr.audits.metrics?.details as { items?: Record<string, number>[] } | undefined;
  const observed = metrics?.items?.[0] ?? {};
  const element = node ? `${node.selector ?? '?'} ${(node.snippet ?? '').slice(0, 100)}` : 'none';
  return (
    `${element} (observed FCP ${Math.round(observed.observedFirstContentfulPaint ?? NaN)} ms, ` +
    `LCP ${Math.round(observed.observedLargestContentfulPaint ?? NaN)} ms)`
  );
}

function isLoopback(url: string): boolean {
  if (!/^https?:/.test(url)) return true; // data:, blob:, about: never touch the network
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

async function main() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``,
    );
  }
  const ownBuild = process.env.WEB_DIST_PATH === undefined;
  if (ownBuild && (process.env.BENCH_REBUILD === '1' || !fs.existsSync(path.join(webDist, 'index.html')))) {
    log('Building the web app …');
    execFileSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const jsKbGz = measure(webDist).js.reduce((sum, file) => sum + file.gzip, 0) / 1024;

  log('Starting the server on the embedded default with demo data …');
  const server = await startServer();
  const figures: Record<string, PageFigures> = {};
  try {
    const pages = {
      home: '/',
      landing: LANDING_PATH,
      detail: `/business/${await hostedBusinessTag(server.url)}`,
    };
    // One request each first, so the first audited load does not pay for cold server caches.
    for (const pagePath of Object.values(pages)) await fetch(`${server.url}${pagePath}`);
    await fetch(`${server.url}/api/search?region=machakos`);
    const chromium = await startChromium();
    try {
      for (const [name, pagePath] of Object.entries(pages)) {
        const result = await audit(`${server.url}${pagePath}`, chromium.port);
        figures[name] = result;
        log(
          `${name.padEnd(8)} ${pagePath.padEnd(40)} LCP ${Math.round(result.lcpMs)} ms · FCP ` +
            `${Math.round(result.fcpMs)} ms · TBT ${Math.round(result.tbtMs)} ms · CLS ` +
            `${result.cls.toFixed(3)} · ${(result.bytes / 1024).toFixed(1)} KiB in ` +
            `${result.requests.length} requests · performance ${result.performance}`,
        );
        log(`${''.padEnd(8)} LCP element ${result.lcpElement}`);
        const remote = result.requests.filter((url) => !isLoopback(url));
        if (remote.length > 0) {
          throw new Error(`${pagePath} requested other hosts (UI-GEN-05): ${remote.join(', ')}`);
        }
      }
    } finally {
      await chromium.stop();
    }
  } finally {
    await server.stop();
  }

  const { home, landing, detail } = figures as Record<'home' | 'landing' | 'detail', PageFigures>;
  log(
    `Targets: LCP ≤ 1500 ms, CLS ≤ 0.05, home ≤ 250 KiB, initial JS ≤ 120 KiB gzipped ` +
      `(initial JS now ${jsKbGz.toFixed(1)} KiB).`,
  );
  log(
    `RESULT web home_lcp_ms=${Math.round(home.lcpMs)} home_cls=${home.cls.toFixed(3)} ` +
      `home_kb=${(home.bytes / 1024).toFixed(1)} landing_lcp_ms=${Math.round(landing.lcpMs)} ` +
      `detail_lcp_ms=${Math.round(detail.lcpMs)} js_kb_gz=${jsKbGz.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
