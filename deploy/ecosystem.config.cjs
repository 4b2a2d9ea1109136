/**
 * PM2 process file for the Tafuta API (PRD-06 "Process Management").
 *
 *   pm2 start  /var/www/tafuta/backend/deploy/ecosystem.config.cjs            # first start
 *   pm2 reload /var/www/tafuta/backend/deploy/ecosystem.config.cjs --update-env   # zero-downtime deploy
 *   pm2 save && pm2 startup                                                    # survive reboots
 *
 * deploy/deploy.sh runs the reload after switching /var/www/tafuta/current to a new release.
 *
 * PM2 evaluates this file in the `pm2` command's own process, so the variables read here are the
 * operator's (or the deploy script's), not the app's. The app reads its settings from the shared `.env`.
 */

/**
 * The release the app runs from. In production it is the stable `backend` symlink (→ `current` →
 * `releases/<id>`), never a release folder itself: workers resolve the link when they start, so a reload
 * after the symlink switch runs the new code without re-registering the app.
 */
const home = (process.env.TAFUTA_HOME ?? '/var/www/tafuta/backend').replace(/\/+$/, '');

/** Shared by every release (PRD-06 directory structure); logrotate rotates it. */
const logDir = (process.env.TAFUTA_LOG_DIR ?? '/var/www/tafuta/logs').replace(/\/+$/, '');

/** PRD-06: two workers, one per core of the 2-vCPU VPS. Tests may ask for a different number. */
const instances = Number(process.env.TAFUTA_INSTANCES) || 2;

module.exports = {
  apps: [
    {
      name: 'tafuta',
      script: 'apps/api/dist/main.js',
      cwd: home,

      // Cluster mode: the workers share port 3000 through the PM2 master, so `pm2 reload` can replace
      // them one at a time while the other keeps serving.
      exec_mode: 'cluster',
      instances,

      // Restart a worker that crashes (main.ts exits on an uncaught exception) or that grows past the
      // PRD's memory limit; a leak then costs one graceful restart instead of the VPS's memory.
      autorestart: true,
      max_memory_restart: '500M',

      // One out and one error file for all workers, each line stamped with the time and zone, next to
      // the app's own app.log/error.log (hence the pm2- prefix: two writers must not share a file).
      merge_logs: true,
      log_date_format: 'YYYY-MM-DD HH:mm:ss Z',
      out_file: `${logDir}/pm2-out.log`,
      error_file: `${logDir}/pm2-error.log`,

      // main.ts calls process.send('ready') once its server listens (after migrations and the database
      // connection): a reloaded worker gets traffic, and the old one is stopped, only then.
      wait_ready: true,
      // Start-up connects to PostgreSQL and applies migrations. After 15 s without `ready` PM2 stops
      // waiting (and a reload retires the old worker anyway); deploy.sh's health check catches that case.
      listen_timeout: 15_000,
      // main.ts drains in-flight requests (and stops the job queue) for up to 10 s after SIGINT, gives
      // pending alert emails up to 4 s, then closes the pool: PM2 must not SIGKILL a worker before that.
      kill_timeout: 20_000,
      // Stop workers with SIGINT (Linux has signals). main.ts also honours a `shutdown` message, which
      // PM2 uses where signals are not available (Windows).
      shutdown_with_message: false,

      // The shared `.env` (deploy.sh links it into every release). The path is absolute because cluster
      // workers are forked by the PM2 daemon, whose working directory is wherever it was first started:
      // a relative `.env` would be looked up there. Variables PM2 passes in take precedence over the file.
      node_args: `--env-file-if-exists=${home}/.env`,

      // Production unless started with `--env test` (the PM2 test runs the cluster against a test
      // database without production's secrets).
      // MALLOC_ARENA_MAX: glibc keeps a malloc arena per thread and libvips (sharp) decodes on worker
      // threads, so freed image memory stays resident; two arenas keep a worker's RSS near its live
      // memory (bench:media: ≈ 150 MB peak instead of ≈ 185 MB, same speed; media.md MEDIA-331).
      env: { NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' },
      env_test: { NODE_ENV: 'test', MALLOC_ARENA_MAX: '2' },
    },
  ],
};
