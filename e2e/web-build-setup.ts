import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** End-to-end tests drive the built web app; build it once when `npm run build` has not run yet. */
export default function setup() {
  const index = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));
  if (!fs.existsSync(index)) {
    execFileSync('npm', ['run', 'build', '-w', 'apps/web'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: 'inherit',
    });
  }
}
