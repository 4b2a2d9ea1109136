import express, { type Router } from 'express';
import { adminTransactionsQuery, resolveTransactionBody } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { isoSeconds, paginate, sendData } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import { streamCsvExport } from './export-stream.js';
import { countTransactions, linesOf, transactionPage, transactionTotals } from './money.repo.js';
import {
  resolvePreset,
  resolveTransaction,
  staffTransactionDetail,
  toFilter,
  totalsView,
  TRANSACTION_CSV_HEADER,
  transactionCsvRows,
  transactionRowView,
} from './money.service.js';
import { adminActor } from './staff-actor.js';
import { staffActorOf, whenCsv } from './staff-request.js';

export interface AdminMoneyDeps {
  db: Kysely<Database>;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
}

const EXPORT_BATCH = 500;
const txId = (value: unknown) => {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw notFound('No such transaction');
  return parsed.data;
};

/** Staff transaction screens (admin.md §8.1): list with footer totals, CSV, detail, resolve. */
export function adminMoneyRouter(deps: AdminMoneyDeps): Router {
  const router = express.Router();

  router.get(
    '/admin/transactions',
    requireStaff('staff.money.view', deps),
    ...whenCsv('staff.money.export', deps),
    async (req, res) => {
      const query = parseInput(adminTransactionsQuery, req.query);
      const days = resolvePreset(query);
      const filter = toFilter(query, days);
      if (query.format === 'csv') {
        await streamCsvExport(deps, staffActorOf(req, res), res, {
          dataset: 'transactions',
          filters: { ...req.query, from: days.from, to: days.to },
          header: TRANSACTION_CSV_HEADER,
          // ADM-700's cap counts transactions; a purchase has at most a handful of lines.
          count: () => countTransactions(deps.db, filter),
          batches: async function* () {
            let after: { createdAt: Date; txId: string } | undefined;
            for (;;) {
              const rows = await transactionPage(deps.db, filter, {
                limit: EXPORT_BATCH,
                ...(after ? { after } : {}),
              });
              if (rows.length === 0) return;
              const lines = await linesOf(
                deps.db,
                rows.map((row) => row.tx_id),
              );
              yield rows.flatMap((row) =>
                transactionCsvRows(
                  row,
                  lines.filter((line) => line.tx_id === row.tx_id),
                ),
              );
              const last = rows[rows.length - 1]!;
              after = { createdAt: last.created_at, txId: last.tx_id };
              if (rows.length < EXPORT_BATCH) return;
            }
          },
          cells: (row) => row,
        });
        return;
      }
      const [totals, rows] = await Promise.all([
        transactionTotals(deps.db, filter),
        transactionPage(deps.db, filter, { limit: query.limit, offset: (query.page - 1) * query.limit }),
      ]);
      const lines = await linesOf(
        deps.db,
        rows.map((row) => row.tx_id),
      );
      // sendData has no room for the footer totals (ADM-301), so the envelope is written out here.
      res.status(200).json({
        success: true,
        data: rows.map((row) =>
          transactionRowView(
            row,
            lines.filter((line) => line.tx_id === row.tx_id),
          ),
        ),
        pagination: paginate(query.page, query.limit, totals.count),
        totals: totalsView(totals),
        range: days,
        timestamp: isoSeconds(new Date()),
      });
    },
  );

  router.get('/admin/transactions/:tx_id', requireStaff('staff.money.view', deps), async (req, res) => {
    sendData(res, await staffTransactionDetail(deps.db, txId(req.params.tx_id)));
  });

  router.post(
    '/admin/transactions/:tx_id/resolve',
    requireStaff('staff.money.resolve_payment', deps),
    async (req, res) => {
      const id = txId(req.params.tx_id);
      const { note } = parseInput(resolveTransactionBody, req.body);
      sendData(res, await resolveTransaction(deps.db, adminActor(req, res), id, note), {
        message: 'Payment issue resolved',
      });
    },
  );

  return router;
}
