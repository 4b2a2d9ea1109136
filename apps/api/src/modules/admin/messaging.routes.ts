import express, { type Request, type Response, type Router } from 'express';
import {
  broadcastDraft,
  broadcastListQuery,
  broadcastSendBody,
  messageLogQuery,
  templateParams,
  templateUpdateBody,
  type BroadcastDraft,
  type BroadcastView,
} from '@tafuta/contracts';
import { z } from 'zod';
import { requireStaff } from '../../http/auth-context.js';
import { AppError, forbidden, invalidInput } from '../../http/errors.js';
import { isoSeconds, paginate, sendData } from '../../http/envelope.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { createRateLimiter, staffSessionKey } from '../../http/rate-limit/limiter.js';
import { parseInput } from '../../http/validate.js';
import { formatKes } from '../../lib/money.js';
import { can, type StaffAction, type StaffRole } from '../auth/permissions.js';
import { previewBroadcast, sendBroadcast, type MessagingDeps } from './broadcast.service.js';
import { templateGrid, updateTemplate } from './message-templates.service.js';
import {
  broadcastDeliveryCounts,
  countBroadcasts,
  listBroadcasts,
  messageLogPage,
} from './messaging.repo.js';
import { messageLogView } from './messaging.views.js';
import { STAFF_EXPORT_CLASS, staffActorOf } from './staff-request.js';
import { resolveRange } from './time-range.js';

export interface AdminMessagingDeps extends MessagingDeps {
  rateLimitStores: RateLimitStoreFactory;
}

/** ADM-003 rows for sends: marketing Admin+; service to one user/business Admin+; to everyone Super. */
function sendPermission(draft: BroadcastDraft): StaffAction {
  if (draft.category === 'marketing') return 'staff.notifications.send_marketing';
  return draft.audience.type === 'all_users' || draft.audience.type === 'all_owners'
    ? 'staff.notifications.send_service_all'
    : 'staff.notifications.send_service_one';
}

/**
 * The row of ADM-003 depends on the body, so it is checked after parsing. The refusal is written as
 * `access_denied` by the staff-refusal recorder on its way to the error handler (ADM-006).
 */
function checkSendPermission(req: Request, res: Response, draft: BroadcastDraft): void {
  const actor = staffActorOf(req, res);
  if (!can({ userId: actor.userId, staffRole: actor.role as StaffRole }, sendPermission(draft))) {
    throw forbidden('Your staff role does not allow this send');
  }
}

const idempotencyKey = z.uuid();

/** Staff messaging (admin.md §12.2, §12.4, §12.5): templates, broadcasts with preview, message log. */
export function adminMessagingRouter(deps: AdminMessagingDeps): Router {
  const router = express.Router();
  const guard = (action: StaffAction) => requireStaff(action, deps);
  const sendLimiter = createRateLimiter(STAFF_EXPORT_CLASS, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: staffSessionKey,
  });

  router.get('/admin/notifications/templates', guard('staff.notifications.view'), async (_req, res) => {
    sendData(res, await templateGrid(deps.db));
  });

  router.put(
    '/admin/notifications/templates/:key/:channel/:language',
    guard('staff.system.templates'),
    async (req, res) => {
      const params = templateParams.safeParse(req.params);
      if (!params.success) throw new AppError('NOT_FOUND', 'No such template cell');
      const body = parseInput(templateUpdateBody, req.body);
      sendData(res, await updateTemplate(deps.db, staffActorOf(req, res), params.data, body), {
        message: 'Template saved',
      });
    },
  );

  router.post(
    '/admin/notifications/preview',
    guard('staff.notifications.send_marketing'),
    async (req, res) => {
      const draft = parseInput(broadcastDraft, req.body);
      checkSendPermission(req, res, draft);
      sendData(res, await previewBroadcast(deps, draft));
    },
  );

  router.post(
    '/admin/notifications/send',
    guard('staff.notifications.send_marketing'),
    sendLimiter,
    async (req, res) => {
      const key = idempotencyKey.safeParse(req.get('idempotency-key'));
      if (!key.success) {
        throw invalidInput('An Idempotency-Key header (a UUID) is required', [
          { field: 'Idempotency-Key', code: req.get('idempotency-key') ? 'invalid_format' : 'required' },
        ]);
      }
      const body = parseInput(broadcastSendBody, req.body);
      checkSendPermission(req, res, body);
      const { replayed, result } = await sendBroadcast(deps, staffActorOf(req, res), key.data, body);
      sendData(res, result, {
        status: replayed ? 200 : 201,
        message: replayed ? 'Already sent with this Idempotency-Key' : 'Broadcast queued',
      });
    },
  );

  router.get('/admin/notifications/broadcasts', guard('staff.notifications.view'), async (req, res) => {
    const query = parseInput(broadcastListQuery, req.query);
    const [total, views] = await Promise.all([
      countBroadcasts(deps.db),
      broadcastViews(deps, { limit: query.limit, offset: (query.page - 1) * query.limit }),
    ]);
    sendData(res, views, { pagination: paginate(query.page, query.limit, total) });
  });

  router.get('/admin/notifications/broadcasts/:id', guard('staff.notifications.view'), async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) throw new AppError('NOT_FOUND', 'No such broadcast');
    const [view] = await broadcastViews(deps, { limit: 1, offset: 0, id: id.data });
    if (!view) throw new AppError('NOT_FOUND', 'No such broadcast');
    sendData(res, view);
  });

  router.get('/admin/notifications/log', guard('staff.notifications.view'), async (req, res) => {
    const query = parseInput(messageLogQuery, req.query);
    const range = resolveRange(query, 30);
    const { total, rows } = await messageLogPage(deps.db, query, range);
    sendData(res, rows.map(messageLogView), { pagination: paginate(query.page, query.limit, total) });
  });

  return router;
}

const emptyCounts = () => ({ queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 });

async function broadcastViews(
  deps: AdminMessagingDeps,
  page: { limit: number; offset: number; id?: string },
): Promise<BroadcastView[]> {
  const rows = await listBroadcasts(deps.db, page);
  const counts = await broadcastDeliveryCounts(
    deps.db,
    rows.map((row) => row.broadcast_id),
  );
  return rows.map((row) => {
    const mine = counts.filter((count) => count.broadcast_id === row.broadcast_id);
    const tally = { sms: emptyCounts(), email: emptyCounts() };
    let costCents = 0;
    for (const count of mine) {
      // "sending" is still on its way: shown with the queued ones.
      const status = count.status === 'sending' ? 'queued' : count.status;
      tally[count.channel][status] += Number(count.n);
      if (count.channel === 'sms') costCents += Number(count.cost_cents);
    }
    const recipients = row.recipient_counts;
    return {
      broadcast_id: row.broadcast_id,
      created_at: isoSeconds(row.created_at),
      sender_id: row.created_by,
      sender_name: row.sender_name,
      audience_type: row.audience_type,
      audience_id: row.audience_id,
      category: row.category,
      channels: row.channels as BroadcastView['channels'],
      subject: row.subject,
      bodies: row.bodies,
      recipients: {
        total: recipients.total ?? 0,
        sms: recipients.sms ?? 0,
        email: recipients.email ?? 0,
        in_app: recipients.in_app ?? 0,
      },
      counts: { ...tally, in_app: recipients.in_app ?? 0 },
      estimated_sms_cost_kes: formatKes(Number(row.estimated_sms_cost_cents)),
      actual_sms_cost_kes: formatKes(costCents),
      sms_release_at: row.release_at ? isoSeconds(row.release_at) : null,
    };
  });
}
