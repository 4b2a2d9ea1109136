import { once } from 'node:events';
import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { MAX_EXPORT_ROWS } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { invalidInput } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { CSV_BOM, csvLine, exportFileName, type CsvCell } from './csv.js';

export interface StaffActor {
  userId: string;
  role: string;
  ip: string | null;
  requestId: string | null;
}

export interface CsvExport<Row> {
  /** File name part and audit label, e.g. `audit-logs`. */
  dataset: string;
  /** The filters as given, for the audit row. */
  filters: Record<string, unknown>;
  header: readonly string[];
  count(): Promise<number>;
  batches(): AsyncIterable<Row[]> | Iterable<Row[]>;
  cells(row: Row): CsvCell[];
}

/**
 * ADM-700 / ADM-432: refuses above MAX_EXPORT_ROWS, writes the `data_exported` audit row before the
 * first byte (an export that cannot be audited is not sent), then streams batch by batch with
 * res.write, waiting for `drain` so a slow client never makes the server buffer the whole file.
 */
export async function streamCsvExport<Row>(
  deps: { db: Kysely<Database>; logger: Logger },
  actor: StaffActor,
  res: Response,
  spec: CsvExport<Row>,
): Promise<void> {
  const total = await spec.count();
  if (total > MAX_EXPORT_ROWS) {
    throw invalidInput(
      `The filter matches ${total} rows; an export holds at most ${MAX_EXPORT_ROWS}. Narrow the filter.`,
      [{ field: 'to', code: 'out_of_range' }],
    );
  }
  const fileName = exportFileName(spec.dataset);
  await writeAuditInTransaction(deps.db, {
    actorId: actor.userId,
    actorRole: actor.role,
    action: 'data_exported',
    entityType: 'export',
    entityId: null,
    entityLabel: spec.dataset,
    newValue: {
      dataset: spec.dataset,
      filters: spec.filters,
      row_count: total,
      file_type: 'csv',
      file_name: fileName,
    },
    ip: actor.ip,
    requestId: actor.requestId,
  });

  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('X-Export-Rows', String(total));
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  };
  try {
    await write(CSV_BOM + csvLine(spec.header));
    for await (const rows of spec.batches()) {
      if (res.destroyed) return;
      await write(rows.map((row) => csvLine(spec.cells(row))).join(''));
    }
    res.end();
  } catch (error) {
    // The status line is gone already: the only honest signal left is a broken download.
    deps.logger.error('CSV export failed while streaming', { err: error, dataset: spec.dataset });
    res.destroy(error instanceof Error ? error : new Error('export failed'));
  }
}
