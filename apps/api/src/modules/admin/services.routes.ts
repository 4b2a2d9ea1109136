import express, { type Router } from 'express';
import { activeServicesQuery, premiumReviewBody } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { parseInput } from '../../http/validate.js';
import type { Notifier } from '../notifications/notifier.js';
import { listActiveServices, recordPremiumReview, sendRenewalReminder } from './services.service.js';
import { adminActor } from './staff-actor.js';

export interface AdminServicesRouterDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  appUrl: string;
}

const subscriptionId = (value: unknown) => {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw notFound('No such subscription');
  return parsed.data;
};

/** Staff service screens (admin.md §9 ADM-341/342, §5.7 ADM-178). */
export function adminServicesRouter(deps: AdminServicesRouterDeps): Router {
  const router = express.Router();

  router.get('/admin/services/active', requireStaff('staff.money.view', deps), async (req, res) => {
    const query = parseInput(activeServicesQuery, req.query);
    const { total, items } = await listActiveServices(deps.db, query);
    sendData(res, items, { pagination: paginate(query.page, query.limit, total) });
  });

  router.post(
    '/admin/services/:subscription_id/premium-review',
    requireStaff('staff.services.premium_review', deps),
    async (req, res) => {
      const id = subscriptionId(req.params.subscription_id);
      const body = parseInput(premiumReviewBody, req.body);
      sendData(res, await recordPremiumReview(deps.db, adminActor(req, res), id, body), {
        status: 201,
        message: 'Premium review recorded',
      });
    },
  );

  router.post(
    '/admin/services/:subscription_id/remind',
    requireStaff('staff.services.send_reminder', deps),
    async (req, res) => {
      const id = subscriptionId(req.params.subscription_id);
      sendData(res, await sendRenewalReminder(deps, adminActor(req, res), id), { message: 'Reminder sent' });
    },
  );

  return router;
}
