import express, { type Router } from 'express';
import { authOf, requireMemberOrStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import { actorOf, parseId } from './money-access.js';
import { receiptsQuery, transactionsQuery } from './receipts.schema.js';
import {
  downloadPath,
  listBusinessReceipts,
  listBusinessTransactions,
  receiptIdForShortLink,
  receiptPdfForActor,
  transactionDetail,
  type MoneyDeps,
} from './receipts.service.js';

/** Receipts and transactions as their business's Owners and Admins, and staff, see them (PAY-226). */
export function receiptsRouter(deps: MoneyDeps): Router {
  const router = express.Router();
  const memberOrStaff = requireMemberOrStaff(deps.db);

  router.get('/receipts/:id/download', memberOrStaff, async (req, res) => {
    const receiptId = parseId(req.params.id, 'receipt');
    const { filename, pdf } = await receiptPdfForActor(deps, actorOf(res), receiptId);
    res
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'private, no-store',
      })
      .send(pdf);
  });

  router.get('/businesses/:id/receipts', memberOrStaff, async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const query = parseInput(receiptsQuery, req.query);
    const result = await listBusinessReceipts(deps, actorOf(res), businessId, query);
    sendData(res, result.data, { pagination: result.pagination });
  });

  router.get('/businesses/:id/transactions', memberOrStaff, async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const query = parseInput(transactionsQuery, req.query);
    const result = await listBusinessTransactions(deps, actorOf(res), businessId, query);
    sendData(res, result.data, { pagination: result.pagination });
  });

  router.get('/transactions/:tx_id', memberOrStaff, async (req, res) => {
    const txId = parseId(req.params.tx_id, 'transaction');
    sendData(res, await transactionDetail(deps, actorOf(res), txId));
  });

  return router;
}

/**
 * `/r/{receipt_number}`, the SMS short link (ui.md §2.1, ERRATA 24). A page route outside /api, never a
 * bearer link: someone signed in who may see the receipt is sent to its download; someone not signed in
 * goes to sign-in with the link as the return path (UI-AUTH-08 `returnTo`); someone signed in who may not
 * see it (or an unknown number) falls through to the web app, whose not-found page says nothing more.
 */
export function receiptShortLinkRouter(deps: MoneyDeps, session: express.RequestHandler[]): Router {
  const router = express.Router();
  router.get('/r/:receipt_number', ...session, async (req, res, next) => {
    const receiptNumber = String(req.params.receipt_number).toUpperCase();
    const auth = authOf(res);
    res.setHeader('Cache-Control', 'private, no-store');
    if (!auth) {
      const back = `/r/${encodeURIComponent(receiptNumber)}`;
      res.redirect(302, `/login?returnTo=${encodeURIComponent(back)}`);
      return;
    }
    const actor = { userId: auth.userId, staffRole: auth.staffRole };
    const receiptId = await receiptIdForShortLink(deps, actor, receiptNumber);
    if (receiptId) res.redirect(302, downloadPath(receiptId));
    else next();
  });
  return router;
}
