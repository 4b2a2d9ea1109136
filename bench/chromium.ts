import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Flags } from 'lighthouse';
import { freePort } from '../apps/api/src/test/ports.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Every call home switched off: this network refuses Google, and the calls would skew the figures. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-quic',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
];

/** ui.md §16 "3G profile"; simulated, so runs on this machine and a laptop compare. */
export const THREE_G = {
  rttMs: 300,
  throughputKbps: 1600,
  cpuSlowdownMultiplier: 4,
  // Used only by the DevTools throttling method; kept equal for anyone who switches to it.
  requestLatencyMs: 300,
  downloadThroughputKbps: 1600,
  uploadThroughputKbps: 768,
};

/**
 * Lighthouse's performance audit as a 360×640 phone sees it (UI-GEN-02), on the Chromium at `port`.
 * Without `throttling`, Lighthouse's own mobile default (150 ms, 1.6 Mbit/s, 4× CPU) applies.
 */
export function phoneAuditFlags(port: number, throttling?: Flags['throttling']): Flags {
  return {
    port,
    logLevel: 'error',
    output: 'json',
    onlyCategories: ['performance'],
    formFactor: 'mobile',
    screenEmulation: { mobile: true, width: 360, height: 640, deviceScaleFactor: 2, disabled: false },
    throttlingMethod: 'simulate',
    ...(throttling ? { throttling } : {}),
    disableFullPageScreenshot: true,
  };
}

/** Debian's Chromium, headless on its own profile, with a DevTools port for Lighthouse. */
export async function startChromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-bench-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      '--headless=new',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      ...CHROMIUM_FLAGS,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { port, stop };
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('Chromium did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
