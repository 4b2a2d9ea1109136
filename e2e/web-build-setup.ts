import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_MISSING_HINT, chromiumAvailable } from './support.js';

/** End-to-end tests drive the built web app; build it once when `npm run build` has not run yet. */
export default function setup(project: TestProject) {
  // Once per run, not once per file: where Chromium is missing the browser suites are skipped, and this
  // one line says how to get them running.
  if (project.name === 'e2e' && !chromiumAvailable) {
    process.stdout.write(`${CHROMIUM_MISSING_HINT}\n`);
  }
  const index = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));
  if (!fs.existsSync(index)) {
    // `vite build` alone: the size budget belongs to `npm run build` (CI runs it first), and a bundle a
    // few KiB over budget must not hide what the browser tests would say about behaviour.
    execFileSync('npx', ['vite', 'build'], {
      cwd: fileURLToPath(new URL('../apps/web', import.meta.url)),
      stdio: 'inherit',
    });
  }
}
