import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { withMediaLock, withRecoveryLock } from './lock.js';
import { applyJournal, defaultIo, parseJournal, type MediaIo } from './storage.js';

/**
 * MEDIA-204: at start-up and hourly, one process replays committed journals (roll forward) and removes
 * staged files of operations that never committed, each business under its own media lock. It never
 * re-renders; `.archive/` and other dot folders are skipped.
 */

const FOLDER = /^[a-z0-9][a-z0-9-]*_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface RecoveryReport {
  folders: number;
  journals: number;
  temp_files_removed: number;
  failed: number;
}

async function workingFiles(folder: string): Promise<{ journals: string[]; temps: string[] }> {
  const journals: string[] = [];
  const temps: string[] = [];
  const visit = async (dir: string, depth: number) => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth === 0 && !entry.name.startsWith('.')) await visit(full, 1);
      else if (entry.isFile() && depth === 0 && /^\.journal-[0-9a-f]+\.jfx$/.test(entry.name))
        journals.push(full);
      else if (entry.isFile() && entry.name.startsWith('.tmp-')) temps.push(full);
    }
  };
  await visit(folder, 0);
  return { journals: journals.sort(), temps };
}

/** Replays and tidies one business folder; the caller holds that business's lock. */
export async function recoverFolder(
  folder: string,
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  io: MediaIo = defaultIo,
): Promise<{ journals: number; temps: number }> {
  const { journals } = await workingFiles(folder);
  for (const file of journals) {
    const journal = parseJournal(await fs.readFile(file, 'utf8'));
    await applyJournal(folder, journal, io);
    await fs.rm(file, { force: true });
    logger.info('Media recovery replayed a journal', {
      folder: path.basename(folder),
      operation: journal.operation,
      op_id: journal.op_id,
    });
  }
  // What is left staged belongs to operations that never reached their commit point.
  const { temps } = await workingFiles(folder);
  for (const file of temps) {
    await fs.rm(file, { force: true });
    logger.info('Media recovery removed a staged file', {
      folder: path.basename(folder),
      file: path.relative(folder, file),
    });
  }
  return { journals: journals.length, temps: temps.length };
}

export async function recoverMedia(deps: {
  db: Kysely<Database>;
  mediaPath: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  io?: MediaIo;
}): Promise<RecoveryReport | null> {
  return withRecoveryLock(deps.db, async () => {
    const report: RecoveryReport = { folders: 0, journals: 0, temp_files_removed: 0, failed: 0 };
    const entries = await fs.readdir(deps.mediaPath, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const match = entry.isDirectory() ? FOLDER.exec(entry.name) : null;
      if (!match) continue;
      const folder = path.join(deps.mediaPath, entry.name);
      const { journals, temps } = await workingFiles(folder);
      if (journals.length === 0 && temps.length === 0) continue;
      report.folders += 1;
      try {
        const done = await withMediaLock(deps.db, match[1]!, () =>
          recoverFolder(folder, deps.logger, deps.io),
        );
        report.journals += done.journals;
        report.temp_files_removed += done.temps;
      } catch (error) {
        report.failed += 1;
        deps.logger.error('Media recovery failed for a folder', { err: error, folder: entry.name });
      }
    }
    if (report.folders > 0) deps.logger.info('Media recovery finished', { ...report });
    return report;
  });
}

const RECOVERY_INTERVAL_MS = 60 * 60_000;

/** MEDIA-204: one pass now (awaited, before the server takes uploads), then hourly on an unref'd timer. */
export async function startMediaRecovery(deps: Parameters<typeof recoverMedia>[0]): Promise<() => void> {
  const pass = () =>
    recoverMedia(deps).catch((error: unknown) =>
      deps.logger.error('Media recovery pass failed', { err: error, critical: true }),
    );
  await pass();
  const timer = setInterval(() => void pass(), RECOVERY_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
