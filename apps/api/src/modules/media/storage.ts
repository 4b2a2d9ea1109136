import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseFlexJson, stringifyFlexJson } from '../../lib/flexjson/index.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';

/**
 * The one door to MEDIA_PATH (MEDIA-011): folder naming and lookup (MEDIA-002, MEDIA-027), atomic
 * writes (MEDIA-200), the write-ahead journal (MEDIA-202/203) and free space (MEDIA-333). Paths are
 * built only from validated parts: tag and id from the database, type and size tags from the config,
 * slugs from slug.ts (MEDIA-008).
 */

/** The file operations the pipeline writes through; tests swap one to simulate a full disk or a crash. */
export interface MediaIo {
  writeFile(file: string, data: Buffer | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

async function durableWrite(file: string, data: Buffer | string): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const defaultIo: MediaIo = { writeFile: durableWrite, rename: fs.rename };

export const SEGMENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertSegment(value: string, what: string): string {
  if (!SEGMENT.test(value) || value.length > 64) throw new Error(`Unsafe ${what} for a media path: ${value}`);
  return value;
}

export function folderName(tag: string, businessId: string): string {
  if (!UUID.test(businessId)) throw new Error(`Not a business id: ${businessId}`);
  return `${assertSegment(tag, 'business tag')}_${businessId}`;
}

export async function exists(target: string): Promise<boolean> {
  try {
    await fs.lstat(target);
    return true;
  } catch {
    return false;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}

/**
 * MEDIA-027: the business folder `{tag}_{id}`. When only a folder with another tag exists (a crash
 * between a folder rename and its commit) it is renamed to the expected name; two candidates are left
 * for staff and writes answer MEDIA_BUSY.
 */
export async function businessFolder(
  mediaPath: string,
  business: { business_id: string; business_tag: string },
  logger: Pick<Logger, 'warn' | 'error'>,
): Promise<string> {
  const expected = path.join(mediaPath, folderName(business.business_tag, business.business_id));
  if (await exists(expected)) return expected;
  const suffix = `_${business.business_id}`;
  const entries = await fs.readdir(mediaPath).catch(() => [] as string[]);
  const candidates = entries.filter((name) => name.endsWith(suffix) && !name.startsWith('.'));
  if (candidates.length === 1) {
    await fs.rename(path.join(mediaPath, candidates[0]!), expected);
    logger.warn('Renamed a media folder to match its business tag', {
      business_id: business.business_id,
      from: candidates[0],
    });
  } else if (candidates.length > 1) {
    logger.error('Several media folders belong to one business; staff must resolve it', {
      business_id: business.business_id,
      folders: candidates,
    });
    throw new AppError('MEDIA_BUSY', 'The photos of this business are being repaired; try again later');
  }
  return expected;
}

export interface JournalEntry {
  op_id: string;
  operation: string;
  created_at: string;
  /** Relative to the business folder: temp → final, applied in order. */
  renames: { from: string; to: string }[];
  /** Relative to the business folder, deleted after the renames. */
  deletions: string[];
}

export const newOperationId = () => crypto.randomBytes(8).toString('hex');

export const tempName = (opId: string, finalName: string) => `.tmp-${opId}-${finalName}`;
const journalName = (opId: string) => `.journal-${opId}.jfx`;

/**
 * One multi-file change (MEDIA-202): files are staged as `.tmp-{op}-{name}` beside their targets, then
 * a journal naming every rename and deletion is written atomically (the commit point), applied, and
 * removed. Before commit a failure deletes the staged files, and nothing published has changed.
 */
export class MediaOperation {
  readonly opId = newOperationId();
  private readonly renames: { from: string; to: string }[] = [];
  private readonly deletions: string[] = [];
  private readonly staged: string[] = [];

  constructor(
    readonly folder: string,
    readonly operation: string,
    private readonly io: MediaIo = defaultIo,
  ) {}

  /** Stages `data` for `relative` (e.g. `banner/offer_600x200.webp`); published in staging order. */
  async stage(relative: string, data: Buffer | string): Promise<void> {
    const dir = path.join(this.folder, path.dirname(relative));
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    const temp = path.join(path.dirname(relative), tempName(this.opId, path.basename(relative)));
    this.staged.push(temp);
    await this.io.writeFile(path.join(this.folder, temp), data);
    this.renames.push({ from: temp, to: relative });
  }

  remove(relative: string): void {
    if (!this.deletions.includes(relative)) this.deletions.push(relative);
  }

  /** Deletes what was staged (the operation never happened). */
  async abandon(): Promise<void> {
    await Promise.all(this.staged.map((temp) => fs.rm(path.join(this.folder, temp), { force: true })));
  }

  async commit(): Promise<void> {
    const journal: JournalEntry = {
      op_id: this.opId,
      operation: this.operation,
      created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      renames: this.renames,
      deletions: this.deletions,
    };
    const name = journalName(this.opId);
    const temp = tempName(this.opId, name);
    try {
      await this.io.writeFile(
        path.join(this.folder, temp),
        stringifyFlexJson(journal, { header: 'Tafuta media journal: recovery replays it' }),
      );
      await this.io.rename(path.join(this.folder, temp), path.join(this.folder, name));
    } catch (error) {
      await fs.rm(path.join(this.folder, temp), { force: true });
      await this.abandon();
      throw error;
    }
    await fsyncDir(this.folder);
    await applyJournal(this.folder, journal, this.io);
    await fs.rm(path.join(this.folder, name), { force: true });
  }
}

/** Idempotent: renames whose temp file is gone were done; deletions of missing files are no-ops. */
export async function applyJournal(folder: string, journal: JournalEntry, io: MediaIo = defaultIo) {
  const touched = new Set<string>();
  for (const { from, to } of journal.renames) {
    const source = path.join(folder, safeRelative(from));
    if (await exists(source)) await io.rename(source, path.join(folder, safeRelative(to)));
    touched.add(path.dirname(path.join(folder, to)));
  }
  for (const relative of journal.deletions) {
    await fs.rm(path.join(folder, safeRelative(relative)), { force: true });
    touched.add(path.dirname(path.join(folder, relative)));
  }
  for (const dir of touched) await fsyncDir(dir);
}

/** A journal is our own file, but recovery must not follow a tampered one out of the folder. */
function safeRelative(relative: string): string {
  const normal = path.normalize(relative);
  if (path.isAbsolute(normal) || normal.startsWith('..')) throw new Error(`Unsafe journal path ${relative}`);
  return normal;
}

export function parseJournal(text: string): JournalEntry {
  const value = parseFlexJson(text) as Partial<JournalEntry>;
  if (!Array.isArray(value.renames) || !Array.isArray(value.deletions) || typeof value.op_id !== 'string') {
    throw new Error('Not a media journal');
  }
  return value as JournalEntry;
}

/** MEDIA-333: writes need 2 GB and 5 % free on the media volume. */
export async function hasFreeSpace(mediaPath: string): Promise<boolean> {
  await fs.mkdir(mediaPath, { recursive: true });
  const stats = await fs.statfs(mediaPath);
  const free = stats.bavail * stats.bsize;
  const total = stats.blocks * stats.bsize;
  return free >= 2 * 1024 ** 3 && free >= total * 0.05;
}

export const isDiskFull = (error: unknown) =>
  ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');

export const storageFull = (cause?: unknown) =>
  new AppError('STORAGE_FULL', 'There is not enough storage space for photos right now', { cause });
