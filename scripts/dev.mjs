// `npm run dev`: the API in watch mode (embedded database unless DATABASE_URL is set) and the Vite dev
// server with hot reload on http://localhost:5173, which proxies /api to the API on port 3000.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const envFile = existsSync('.env') ? ['--env-file=.env'] : [];
const children = [
  spawn(
    'node_modules/.bin/tsx',
    ['watch', '--clear-screen=false', ...envFile, '--conditions=source', 'apps/api/src/main.ts'],
    { stdio: 'inherit' },
  ),
  spawn('npm', ['run', 'dev', '-w', 'apps/web'], { stdio: 'inherit' }),
];

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });
}
