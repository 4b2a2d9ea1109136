import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../apps/api/src/db/pool.js';
import { useTestDatabase } from '../../apps/api/src/test/database.js';
// The `inject('testDatabase')` type comes with the global setup's declaration.
import type {} from '../../apps/api/src/test/global-setup.js';
import { databaseUrl } from '../../apps/api/src/test/database-url.js';
import { createUser, writeAuthLog } from '../../apps/api/src/test/factories.js';
import { freePort } from '../../apps/api/src/test/ports.js';
import { request, startLocalCaddy, type LocalCaddy } from './support/caddy.js';

/**
 * The backup scripts of deploy/backup driven for real: pg_dump/pg_restore against the test PostgreSQL,
 * tar, and rclone syncing to a local-folder remote, then Debian's Caddy serving the restored media with the
 * production rules (deploy/caddy/Caddyfile.local). Nothing leaves this machine.
 */

const backupDir = fileURLToPath(new URL('../backup/', import.meta.url));
const scripts = ['backup-db.sh', 'backup-files.sh', 'offsite-sync.sh', 'prune.sh', 'restore.sh'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The caller's environment without any backup setting, so only what a test passes counts. */
function cleanEnv(): Record<string, string> {
  const settings =
    /^(DATABASE_URL|UPLOAD_PATH|MEDIA_PATH|APP_ENV_FILE|APP_DIR|RETENTION_DAYS|BACKUP_.*|RCLONE_.*)$/;
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => !settings.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const file = command.includes('/') ? command : path.join(backupDir, command);
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...cleanEnv(), ...env }, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectSuccess(result: Run): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

/** YYYY-MM-DD in East Africa Time (no daylight saving), `daysAgo` days before now. */
function nairobiDate(daysAgo = 0): string {
  const when = new Date(Date.now() - daysAgo * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(when);
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file under `root` (dot files included): relative path → SHA-256 and permission bits. */
function fingerprint(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      const mode = (fs.statSync(full).mode & 0o777).toString(8);
      result[path.relative(root, full)] = `${sha256(full)} ${mode}`;
    }
  }
  return result;
}

async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** Exact row count of every table, keyed like the manifest ("schema.table"). */
function rowCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      `select schemaname, tablename from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
    );
    const counts: Record<string, number> = {};
    for (const { schemaname, tablename } of tables.rows) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from ${pg.escapeIdentifier(schemaname)}.${pg.escapeIdentifier(tablename)}`,
      );
      counts[`${schemaname}.${tablename}`] = Number(rows[0]!.n);
    }
    return counts;
  });
}

// Databases this file creates besides the per-file test database: dropped at the end.
const createdDatabases: string[] = [];
const adminQuery = (text: string) =>
  withClient(inject('testDatabase').adminUrl, (client) => client.query(text));

async function createEmptyDatabase(): Promise<string> {
  const name = `tafuta_restore_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${pg.escapeIdentifier(name)}`);
  createdDatabases.push(name);
  return databaseUrl(inject('testDatabase').adminUrl, name);
}

const database = useTestDatabase();
let work: string;
// The drill's Caddy, stopped before `work` (its HOME and MEDIA_ROOT) is removed even if the drill fails.
let caddy: LocalCaddy | undefined;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-backup-test-'));
  fs.chmodSync(work, 0o755);
});

afterAll(async () => {
  await caddy?.stop();
  for (const name of createdDatabases) {
    await adminQuery(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const BUSINESS = 'mama-njeri-kitchen_3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904';
/** The generated outputs writeMediaTree makes for BUSINESS: what /media/{path} serves (MEDIA-241). */
const PUBLIC_OUTPUTS = [
  `${BUSINESS}/profile/shop-front_thumb.webp`,
  `${BUSINESS}/profile/shop-front_small.webp`,
  `${BUSINESS}/gallery/chapati-platter_medium.webp`,
];
/** Files writeMediaTree makes that are never public: a transform spec, a source, an archived output. */
const PRIVATE_FILES = [
  `${BUSINESS}/gallery/chapati-platter.jfx`,
  `${BUSINESS}/shop-front.jpg`,
  '.archive/old-shop_0b52c1e8-8c4b-4e1f-9a77-3f6d2a108d90/logo/sign_thumb.webp',
];

/** A small business media tree shaped like media.md §1, with real WebP outputs. */
async function writeMediaTree(root: string): Promise<void> {
  const business = path.join(root, BUSINESS);
  const image = (width: number, height: number, r: number) =>
    sharp({ create: { width, height, channels: 3, background: { r, g: 120, b: 60 } } });
  fs.mkdirSync(path.join(business, 'profile'), { recursive: true });
  fs.mkdirSync(path.join(business, 'gallery'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'app-config.jfx'),
    '{ version: 1, types: { profile: { sizes: [thumb] } } }\n',
  );
  await image(64, 48, 200).jpeg().toFile(path.join(business, 'shop-front.jpg'));
  fs.writeFileSync(
    path.join(business, 'profile', 'shop-front.jfx'),
    '{ source: shop-front.jpg, crop: auto }\n',
  );
  await image(32, 32, 10)
    .webp()
    .toFile(path.join(business, 'profile', 'shop-front_thumb.webp'));
  await image(96, 96, 20)
    .webp()
    .toFile(path.join(business, 'profile', 'shop-front_small.webp'));
  await image(80, 60, 30)
    .webp()
    .toFile(path.join(business, 'gallery', 'chapati-platter_medium.webp'));
  fs.writeFileSync(
    path.join(business, 'gallery', 'chapati-platter.jfx'),
    '{ source: chapati-platter.png }\n',
  );
  const archived = path.join(root, '.archive', 'old-shop_0b52c1e8-8c4b-4e1f-9a77-3f6d2a108d90', 'logo');
  fs.mkdirSync(archived, { recursive: true });
  await image(16, 16, 90).webp().toFile(path.join(archived, 'sign_thumb.webp'));
}

/** A day folder holding a db.dump listed with its SHA-256 in MANIFEST.sha256 (as backup-db.sh leaves it). */
function writeVerifiedDump(root: string, day: string): void {
  const dir = path.join(root, day);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'db.dump'), `PGDMP ${day}`);
  fs.writeFileSync(path.join(dir, 'MANIFEST.sha256'), `${sha256(path.join(dir, 'db.dump'))}  db.dump\n`);
}

describe('backup scripts', () => {
  it('pass shellcheck and document themselves with --help', async () => {
    const files = fs.readdirSync(backupDir).filter((name) => name.endsWith('.sh'));
    expect(files).toEqual(expect.arrayContaining([...scripts, 'lib.sh']));
    const lint = await run('/usr/bin/shellcheck', ['-x', ...files.map((name) => path.join(backupDir, name))]);
    expect(lint.code, lint.stdout).toBe(0);
    for (const script of scripts) {
      const help = await run(script, ['--help']);
      expectSuccess(help);
      expect(help.stdout).toMatch(/^Usage: /);
      expect((await run(script, ['--no-such-option'])).code).toBe(2);
    }
  });

  it('document every setting with its production default in one list', () => {
    const example = fs.readFileSync(path.join(backupDir, 'backup.env.example'), 'utf8');
    const defaults = Object.fromEntries(
      [...example.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(defaults).toMatchObject({
      BACKUP_ROOT: '/var/backups/tafuta',
      DATABASE_URL: '',
      UPLOAD_PATH: '/var/www/tafuta/uploads',
      MEDIA_PATH: '/var/www/media',
      RCLONE_REMOTE: 'offsite:tafuta-backups',
      RETENTION_DAYS: '30',
      BACKUP_TZ: 'Africa/Nairobi',
    });
    // Every setting the scripts read is in the list.
    const used = new Set<string>();
    for (const file of fs.readdirSync(backupDir).filter((name) => name.endsWith('.sh'))) {
      const text = fs.readFileSync(path.join(backupDir, file), 'utf8');
      for (const match of text.matchAll(
        /\$\{?((?:BACKUP|RCLONE|APP)_[A-Z_]+|RETENTION_DAYS|UPLOAD_PATH|MEDIA_PATH)\b/g,
      )) {
        used.add(match[1]!);
      }
    }
    for (const internal of ['BACKUP_SCRIPT_DIR', 'BACKUP_LOCK_FD', 'BACKUP_ENV_FILE', 'BACKUP_SNAPSHOT']) {
      used.delete(internal);
    }
    for (const name of used) {
      if (!name.startsWith('BACKUP_DUMP_')) expect(Object.keys(defaults)).toContain(name);
    }
  });

  it('schedule the four nightly jobs and the prune as the tafuta user, in East Africa Time', () => {
    const crontab = fs.readFileSync(path.join(backupDir, 'crontab'), 'utf8');
    expect(crontab).toMatch(/^CRON_TZ=Africa\/Nairobi$/m);
    // Failures are mailed, not discarded: MAILTO is set and every job echoes a line when it fails.
    expect(crontab).toMatch(/^MAILTO=root$/m);
    const jobs = crontab
      .split('\n')
      .filter((line) => /^\d/.test(line))
      .map((line) => line.split(/\s+/));
    const schedule = jobs.map((fields) => {
      const failure = fields.indexOf('||');
      expect(failure, fields.join(' ')).toBeGreaterThan(0);
      expect(fields.slice(failure + 1, failure + 3).join(' ')).toBe('echo "Tafuta');
      const [minute, hour, dom, month, dow, user, command, ...rest] = fields.slice(0, failure);
      expect([dom, month, dow, user]).toEqual(['*', '*', '*', 'tafuta']);
      expect(fs.existsSync(path.join(backupDir, path.basename(command!)))).toBe(true);
      expect(rest.join(' ')).toContain('>>/var/www/tafuta/logs/backup.log 2>&1');
      const args = rest.filter((arg) => !arg.startsWith('>>') && arg !== '2>&1');
      return `${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')} ${[path.basename(command!), ...args].join(' ')}`;
    });
    expect(schedule).toEqual([
      '02:00 backup-db.sh',
      '03:00 backup-files.sh uploads',
      '03:30 backup-files.sh media',
      '04:00 offsite-sync.sh',
      '04:30 prune.sh',
    ]);
  });

  it('leave no day folder behind and exit non-zero with an ERROR line when pg_dump fails', async () => {
    const root = path.join(work, 'failing-dump');
    const day = nairobiDate();
    // A previous job of the same day (the uploads archive) must survive a failing dump untouched.
    const otherDay = nairobiDate(1);
    fs.mkdirSync(path.join(root, otherDay), { recursive: true });
    fs.writeFileSync(path.join(root, otherDay, 'uploads.tar.gz'), 'kept');
    const env = {
      BACKUP_ENV_FILE: '/nonexistent',
      APP_ENV_FILE: '/nonexistent',
      BACKUP_ROOT: root,
      BACKUP_DATE: day,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/tafuta`,
    };
    const failed = await run('backup-db.sh', [], env);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/ERROR: /);
    expect(fs.existsSync(path.join(root, day))).toBe(false);
    // No temporary file is left either.
    expect(fs.readdirSync(root).sort()).toEqual(['.lock', otherDay]);

    const failedOverExisting = await run('backup-db.sh', [], { ...env, BACKUP_DATE: otherDay });
    expect(failedOverExisting.code).not.toBe(0);
    expect(fs.readdirSync(path.join(root, otherDay))).toEqual(['uploads.tar.gz']);
  });

  it('refuse to restore a backup whose checksum does not match, touching nothing', async () => {
    const root = path.join(work, 'tamper');
    const day = nairobiDate();
    const liveMedia = path.join(work, 'tamper-live-media');
    await writeMediaTree(liveMedia);
    const env = {
      BACKUP_ENV_FILE: '/nonexistent',
      APP_ENV_FILE: '/nonexistent',
      BACKUP_ROOT: root,
      BACKUP_DATE: day,
      DATABASE_URL: database.current.url,
      MEDIA_PATH: liveMedia,
    };
    expectSuccess(await run('backup-db.sh', [], env));
    expectSuccess(await run('backup-files.sh', ['media'], env));

    // One byte flipped in the middle of the dump.
    const dump = path.join(root, day, 'db.dump');
    const bytes = fs.readFileSync(dump);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(dump, bytes);

    const target = await createEmptyDatabase();
    const media = path.join(work, 'tamper-restored-media');
    const restore = await run(
      'restore.sh',
      ['--date', day, '--database-url', target, '--media-dir', media, '--from', root],
      { BACKUP_ENV_FILE: '/nonexistent', APP_ENV_FILE: '/nonexistent' },
    );
    expect(restore.code).toBe(1);
    expect(restore.stdout).toContain('db.dump: FAILED');
    expect(restore.stdout).toContain('media.tar.gz: OK');
    expect(restore.stderr).toMatch(/CHECKSUM MISMATCH in the \d{4}-\d\d-\d\d backup.*refusing to restore/);
    expect(restore.stdout).not.toContain('Restore time');
    // Neither the database nor the media folder was touched.
    expect(await rowCounts(target)).toEqual({});
    expect(fs.existsSync(media)).toBe(false);
  });

  it('survive the drill: back up, sync off-site, lose everything, restore from the off-site copy', async () => {
    const { db, url: originalUrl, name: originalName } = database.current;
    const day = nairobiDate();

    // --- The live system: extra people and sign-in history, business media and profile photos.
    const tricky = await createUser(db, { full_name: 'Wanjikũ "Shiro" O\'Neil\nNjeri\t\\ 🇰🇪' });
    const people = [tricky, await createUser(db), await createUser(db, { email: 'amina@example.co.ke' })];
    for (const person of people) {
      await writeAuthLog(db, { user_id: person.user_id, phone: person.phone });
    }
    await writeAuthLog(db, { event_type: 'login_failed' });

    const live = path.join(work, 'live');
    const mediaPath = path.join(live, 'media');
    const uploadPath = path.join(live, 'uploads');
    await writeMediaTree(mediaPath);
    fs.mkdirSync(path.join(uploadPath, 'users'), { recursive: true });
    await sharp({ create: { width: 256, height: 256, channels: 3, background: '#d0a070' } })
      .webp({ quality: 85 })
      .toFile(path.join(uploadPath, 'users', `${tricky.user_id}.webp`));
    const mediaBefore = fingerprint(mediaPath);
    const uploadsBefore = fingerprint(uploadPath);
    expect(Object.keys(mediaBefore)).toHaveLength(8);
    expect(Object.keys(mediaBefore)).toEqual(expect.arrayContaining([...PUBLIC_OUTPUTS, ...PRIVATE_FILES]));
    // The bytes the restored media must serve again, kept in memory: the folder is about to be lost.
    const outputBytes = new Map(
      PUBLIC_OUTPUTS.map((file) => [file, fs.readFileSync(path.join(mediaPath, file))]),
    );
    const countsBefore = await rowCounts(originalUrl);
    expect(countsBefore['public.users']).toBeGreaterThanOrEqual(3);
    expect(countsBefore['public.auth_logs']).toBeGreaterThanOrEqual(4);

    // --- Configuration as on a server: a site file plus the app's own .env for the database and folders.
    const backupRoot = path.join(work, 'backups');
    const remoteDir = path.join(work, 'offsite', 'tafuta-backups');
    const rcloneConfig = path.join(work, 'rclone.conf');
    fs.writeFileSync(rcloneConfig, '[local]\ntype = local\n');
    const appEnv = path.join(work, 'app.env');
    fs.writeFileSync(
      appEnv,
      `NODE_ENV=production\nDATABASE_URL="${originalUrl}"\nUPLOAD_PATH=${uploadPath}\nMEDIA_PATH=${mediaPath}\n`,
    );
    const siteEnv = path.join(work, 'backup.env');
    fs.writeFileSync(
      siteEnv,
      [
        '# test site settings',
        `BACKUP_ROOT=${backupRoot}`,
        `APP_ENV_FILE=${appEnv}`,
        `RCLONE_REMOTE=local:${remoteDir}`,
        `RCLONE_CONFIG=${rcloneConfig}`,
        `BACKUP_DATE=${day}`,
        '',
      ].join('\n'),
    );
    const env = { BACKUP_ENV_FILE: siteEnv };

    // --- The nightly jobs.
    expectSuccess(await run('backup-db.sh', [], env));
    expectSuccess(await run('backup-files.sh', ['uploads'], env));
    expectSuccess(await run('backup-files.sh', ['media'], env));

    const dayDir = path.join(backupRoot, day);
    const files = ['db.dump', 'uploads.tar.gz', 'media.tar.gz'];
    expect(fs.readdirSync(dayDir).sort()).toEqual(['MANIFEST.sha256', ...files, 'manifest.json'].sort());
    const sums = fs.readFileSync(path.join(dayDir, 'MANIFEST.sha256'), 'utf8');
    for (const file of files) {
      expect(sums).toContain(`${sha256(path.join(dayDir, file))}  ${file}\n`);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dayDir, 'manifest.json'), 'utf8')) as {
      date: string;
      files: { file: string; tables?: Record<string, number>; entries?: number }[];
    };
    expect(manifest.date).toBe(day);
    const entries = Object.fromEntries(manifest.files.map((entry) => [entry.file, entry]));
    expect(Object.keys(entries).sort()).toEqual([...files].sort());
    for (const file of files) {
      expect(entries[file]).toMatchObject({
        bytes: fs.statSync(path.join(dayDir, file)).size,
        sha256: sha256(path.join(dayDir, file)),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
    expect(entries['db.dump']?.tables).toEqual(countsBefore);
    expect(entries['media.tar.gz']?.entries).toBeGreaterThan(8);
    // Custom-format dump, compressed.
    expect(fs.readFileSync(path.join(dayDir, 'db.dump')).subarray(0, 5).toString()).toBe('PGDMP');

    const sync = await run('offsite-sync.sh', [], env);
    expectSuccess(sync);
    expect(sync.stderr).toContain('0 differences found');
    // The same bytes off-site (rclone does not carry file modes, so only the checksums are compared).
    const checksums = (root: string) =>
      Object.fromEntries(
        Object.entries(fingerprint(root)).map(([file, print]) => [file, print.split(' ')[0]]),
      );
    expect(checksums(path.join(remoteDir, day))).toEqual(checksums(dayDir));

    // --- Disaster: the database, the media and upload folders and the local backups are gone.
    await adminQuery(`drop database ${pg.escapeIdentifier(originalName)} with (force)`);
    for (const dir of [mediaPath, uploadPath, backupRoot]) fs.rmSync(dir, { recursive: true, force: true });

    // --- Recovery on the "new server": a fresh database and fresh folders, from the off-site copy. The app
    // folder has a media:regenerate script that records what it was given.
    const restoredUrl = await createEmptyDatabase();
    const restoredMedia = path.join(work, 'new-server', 'media');
    const restoredUploads = path.join(work, 'new-server', 'uploads');
    const appDir = path.join(work, 'app');
    fs.mkdirSync(appDir);
    fs.writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify({ name: 'app', private: true, scripts: { 'media:regenerate': 'node regenerate.mjs' } }),
    );
    fs.writeFileSync(
      path.join(appDir, 'regenerate.mjs'),
      `import fs from 'node:fs';
fs.writeFileSync('regenerated.json', JSON.stringify({ media: process.env.MEDIA_PATH, uploads: process.env.UPLOAD_PATH, db: process.env.DATABASE_URL, files: fs.readdirSync(process.env.MEDIA_PATH) }));\n`,
    );

    const restoreArgs = [
      '--date',
      day,
      '--database-url',
      restoredUrl,
      '--uploads-dir',
      restoredUploads,
      '--media-dir',
      restoredMedia,
      '--from',
      `local:${remoteDir}`,
      '--app-dir',
      appDir,
    ];
    const restoreEnv = {
      BACKUP_ENV_FILE: '/nonexistent',
      APP_ENV_FILE: '/nonexistent',
      RCLONE_CONFIG: rcloneConfig,
    };
    const started = performance.now();
    const restore = await run('restore.sh', restoreArgs, restoreEnv);
    const wallMs = Math.round(performance.now() - started);
    expectSuccess(restore);
    const reported = /^Restore time: (\d+) ms$/m.exec(restore.stdout);
    expect(reported).not.toBeNull();
    const restoreMs = Number(reported![1]);
    expect(restore.stdout).toMatch(/row counts match the manifest: \d+ tables \d+ rows/);
    process.stdout.write(
      `\n  Backup drill: restore.sh restored the database, uploads and media of ${day} from the off-site ` +
        `copy in ${restoreMs} ms (${wallMs} ms wall clock)\n\n`,
    );

    // Row counts equal the original's (and so the manifest's); files equal byte for byte, modes too.
    expect(await rowCounts(restoredUrl)).toEqual(countsBefore);
    expect(fingerprint(restoredMedia)).toEqual(mediaBefore);
    expect(fingerprint(restoredUploads)).toEqual(uploadsBefore);
    expect(JSON.parse(fs.readFileSync(path.join(appDir, 'regenerated.json'), 'utf8'))).toEqual({
      media: restoredMedia,
      uploads: restoredUploads,
      db: restoredUrl,
      files: expect.arrayContaining(['app-config.jfx', BUSINESS]),
    });

    // The media URLs serve again: Caddy with the production rules and MEDIA_ROOT at the restored folder
    // (no app is needed for /media, so APP_UPSTREAM is a port nothing listens on).
    const webRoot = path.join(work, 'new-server', 'web');
    fs.mkdirSync(webRoot);
    caddy = await startLocalCaddy({
      scratch: work,
      appUpstream: `127.0.0.1:${await freePort()}`,
      webRoot,
      mediaRoot: restoredMedia,
      logDir: path.join(work, 'new-server', 'logs'),
    });
    for (const [file, original] of outputBytes) {
      const reply = await request(caddy.port, `/media/${file}`);
      expect(reply.status, file).toBe(200);
      expect(reply.headers['content-type'], file).toBe('image/webp');
      expect(reply.body.equals(original), `${file}: served bytes differ from the original`).toBe(true);
    }
    // The allow-list survives the restore: restored private files are on disk but not served.
    for (const file of PRIVATE_FILES) {
      expect(fs.existsSync(path.join(restoredMedia, file)), file).toBe(true);
      expect((await request(caddy.port, `/media/${file}`)).status, file).toBe(404);
    }
    await caddy.stop();

    // The app's own data layer reads the restored database.
    const restored = createDatabase(restoredUrl, 2);
    try {
      const person = await restored.db
        .selectFrom('users')
        .selectAll()
        .where('user_id', '=', tricky.user_id)
        .executeTakeFirstOrThrow();
      expect(person).toMatchObject({ full_name: tricky.full_name, phone: tricky.phone });
      const logins = await restored.db
        .selectFrom('auth_logs')
        .select(['user_id'])
        .where(
          'user_id',
          'in',
          people.map((p) => p.user_id),
        )
        .execute();
      expect(logins).toHaveLength(3);
    } finally {
      await restored.db.destroy();
    }

    // A second restore refuses targets that are not fresh.
    const again = await run('restore.sh', restoreArgs, restoreEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ tables: refusing to restore/);
    const mediaAgain = await run(
      'restore.sh',
      ['--date', day, '--media-dir', restoredMedia, '--from', `local:${remoteDir}`],
      restoreEnv,
    );
    expect(mediaAgain.code).toBe(1);
    expect(mediaAgain.stderr).toMatch(/is not empty: refusing to unpack/);

    // Without a media:regenerate script the step is reported as skipped.
    const bareApp = path.join(work, 'bare-app');
    fs.mkdirSync(bareApp);
    fs.writeFileSync(path.join(bareApp, 'package.json'), '{"name":"bare","scripts":{"start":"true"}}');
    const mediaOnly = await run(
      'restore.sh',
      [
        '--date',
        day,
        '--media-dir',
        path.join(work, 'media-only'),
        '--from',
        `local:${remoteDir}`,
        '--app-dir',
        bareApp,
      ],
      restoreEnv,
    );
    expectSuccess(mediaOnly);
    expect(mediaOnly.stdout).toContain('media regeneration skipped');
    expect(fingerprint(path.join(work, 'media-only'))).toEqual(mediaBefore);

    // A media-only restore never runs media:regenerate (it would reach the configured production database).
    fs.rmSync(path.join(appDir, 'regenerated.json'));
    const mediaNoDb = await run(
      'restore.sh',
      [
        '--date',
        day,
        '--media-dir',
        path.join(work, 'media-no-db'),
        '--from',
        `local:${remoteDir}`,
        '--app-dir',
        appDir,
      ],
      { ...restoreEnv, DATABASE_URL: 'postgres://production.invalid/tafuta' },
    );
    expectSuccess(mediaNoDb);
    expect(mediaNoDb.stdout).toContain('media regeneration skipped: no --database-url given');
    expect(fs.existsSync(path.join(appDir, 'regenerated.json'))).toBe(false);

    // The day is listed in the off-site copy.
    const list = await run('restore.sh', ['--list', '--from', `local:${remoteDir}`], restoreEnv);
    expectSuccess(list);
    expect(list.stdout.trim().split('\n')).toEqual([day]);
  });

  it('keep 30 days: delete only day folders older than the retention period, by their date name', async () => {
    const root = path.join(work, 'retention');
    const makeDay = (name: string, mtimeDaysAgo: number) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'db.dump'), name);
      const mtime = new Date(Date.now() - mtimeDaysAgo * 86_400_000);
      fs.utimesSync(path.join(dir, 'db.dump'), mtime, mtime);
      fs.utimesSync(dir, mtime, mtime);
    };
    for (const daysAgo of [45, 31, 30, 29, 1, 0, -1]) makeDay(nairobiDate(daysAgo), daysAgo);
    makeDay(nairobiDate(2), 60); // recent by name, old by mtime: kept (the name decides)
    makeDay('notes', 90); // not a day folder: never touched
    makeDay('2024-02-30', 90); // not a real date: never touched
    fs.writeFileSync(path.join(root, nairobiDate(40)), 'a file, not a day folder');
    const env = { BACKUP_ENV_FILE: '/nonexistent', APP_ENV_FILE: '/nonexistent', BACKUP_ROOT: root };
    const listing = () =>
      fs
        .readdirSync(root)
        .filter((name) => name !== '.lock')
        .sort();
    const before = listing();

    const dryRun = await run('prune.sh', ['--dry-run'], env);
    expectSuccess(dryRun);
    expect(dryRun.stdout).toContain(`would delete ${path.join(root, nairobiDate(45))}`);
    expect(dryRun.stdout).toContain(`would delete ${path.join(root, nairobiDate(31))}`);
    expect(listing()).toEqual(before);

    const prune = await run('prune.sh', [], env);
    expectSuccess(prune);
    expect(prune.stdout).toContain('deleted 2 of 8 day folders older than 30 days');
    const expected = before.filter((name) => name !== nairobiDate(45) && name !== nairobiDate(31));
    expect(listing()).toEqual(expected);
    expect(listing()).toEqual(
      expect.arrayContaining([
        nairobiDate(30),
        nairobiDate(29),
        nairobiDate(1),
        nairobiDate(0),
        nairobiDate(-1),
      ]),
    );

    // Backups that stopped long ago are never pruned to nothing: the newest day folder stays.
    const stale = path.join(work, 'retention-stale');
    fs.mkdirSync(path.join(stale, nairobiDate(50)), { recursive: true });
    fs.mkdirSync(path.join(stale, nairobiDate(40)), { recursive: true });
    const stalePrune = await run('prune.sh', [], { ...env, BACKUP_ROOT: stale, RETENTION_DAYS: '30' });
    expectSuccess(stalePrune);
    expect(stalePrune.stderr).toContain('is the newest backup: kept');
    expect(fs.readdirSync(stale).filter((name) => name !== '.lock')).toEqual([nairobiDate(40)]);

    // Dumps that keep failing never prune the last good dump: every folder is older than 30 days, the
    // newest verified db.dump stays, older folders and empty ones go (the newest folder stays as well).
    const failing = path.join(work, 'retention-failing');
    writeVerifiedDump(failing, nairobiDate(60));
    writeVerifiedDump(failing, nairobiDate(50));
    fs.mkdirSync(path.join(failing, nairobiDate(45)), { recursive: true });
    writeVerifiedDump(failing, nairobiDate(42));
    // A dump that no longer matches its manifest does not count.
    fs.writeFileSync(path.join(failing, nairobiDate(42), 'db.dump'), 'damaged');
    fs.mkdirSync(path.join(failing, nairobiDate(40)), { recursive: true });
    fs.writeFileSync(path.join(failing, nairobiDate(40), 'uploads.tar.gz'), 'uploads only');
    fs.mkdirSync(path.join(failing, nairobiDate(35)), { recursive: true });
    const failingPrune = await run('prune.sh', [], { ...env, BACKUP_ROOT: failing });
    expectSuccess(failingPrune);
    expect(failingPrune.stderr).toContain(
      `${nairobiDate(50)} is older than 30 days but holds the newest verified database dump: kept`,
    );
    expect(
      fs
        .readdirSync(failing)
        .filter((name) => name !== '.lock')
        .sort(),
    ).toEqual([nairobiDate(50), nairobiDate(35)].sort());
  });

  it('copy off-site without ever deleting a remote day within retention, and refuse without a recent dump', async () => {
    const root = path.join(work, 'offsite-local');
    const remoteDir = path.join(work, 'offsite-remote');
    const rcloneConfig = path.join(work, 'offsite-rclone.conf');
    fs.writeFileSync(rcloneConfig, '[local]\ntype = local\n');
    const env = {
      BACKUP_ENV_FILE: '/nonexistent',
      APP_ENV_FILE: '/nonexistent',
      BACKUP_ROOT: root,
      BACKUP_DATE: nairobiDate(),
      RCLONE_REMOTE: `local:${remoteDir}`,
      RCLONE_CONFIG: rcloneConfig,
    };
    // The off-site history of a server whose disk was lost: only the remote has these days.
    for (const daysAgo of [45, 40, 10, 5]) writeVerifiedDump(remoteDir, nairobiDate(daysAgo));
    fs.mkdirSync(path.join(remoteDir, nairobiDate(31)), { recursive: true });
    fs.writeFileSync(path.join(remoteDir, nairobiDate(31), 'media.tar.gz'), 'media');
    const remote = () => fs.readdirSync(remoteDir).sort();
    const history = remote();

    // The rebuilt server has no recent dump yet (only a stale one): refused, nothing copied or deleted.
    writeVerifiedDump(root, nairobiDate(3));
    const refused = await run('offsite-sync.sh', [], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ERROR: no verified db\.dump dated \d{4}-\d\d-\d\d or later .*refusing/);
    expect(remote()).toEqual(history);
    // An empty local root is refused as well.
    const empty = path.join(work, 'offsite-empty');
    fs.mkdirSync(empty);
    const refusedEmpty = await run('offsite-sync.sh', [], { ...env, BACKUP_ROOT: empty });
    expect(refusedEmpty.code).toBe(1);
    expect(refusedEmpty.stderr).toContain('ERROR: ');
    expect(remote()).toEqual(history);

    // With tonight's dump the copy runs: remote days within 30 days stay although the local root lost
    // them; days older than 30 days go by their date name.
    writeVerifiedDump(root, nairobiDate());
    const copied = await run('offsite-sync.sh', [], env);
    expectSuccess(copied);
    expect(copied.stderr).toContain('0 differences found');
    expect(remote()).toEqual([nairobiDate(10), nairobiDate(5), nairobiDate(3), nairobiDate()].sort());
    expect(fs.readFileSync(path.join(remoteDir, nairobiDate(), 'db.dump'), 'utf8')).toBe(
      fs.readFileSync(path.join(root, nairobiDate(), 'db.dump'), 'utf8'),
    );
  });
});
