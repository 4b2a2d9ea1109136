import express, { type RequestHandler, type Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authOf } from '../../http/auth-context.js';
import { daysBetween, nairobiDate } from '../../lib/nairobi-date.js';
import { SERVICE_ORDER } from './pricing.service.js';

/** UI-DASH-06's renewal window: a service ending within 14 days, or one that ended in the last 12 months. */
const SOON_DAYS = 14;
const LAPSED_DAYS = 365;

/**
 * The services of a business worth renewing on `today` (EAT), in the order the checkout lists them.
 * `expiration_date` is the first day without service (PAY-181).
 */
export async function renewableServices(
  db: Kysely<Database>,
  businessId: string,
  today: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('service_subscriptions')
    .select(['service_type', 'expiration_date'])
    .where('business_id', '=', businessId)
    .where('status', 'in', ['active', 'expired'])
    .execute();
  const due = new Set(
    rows
      .filter((row) => {
        const left = daysBetween(today, row.expiration_date);
        return left <= SOON_DAYS && left > -LAPSED_DAYS;
      })
      .map((row) => row.service_type),
  );
  return SERVICE_ORDER.filter((service) => due.has(service));
}

/**
 * `/renew/{business_tag}` (ui.md §2.1, PAY-302/304): the renewal link in reminder SMS. Served here rather
 * than by the web app, so an SMS tap on 3G lands on the right screen before any script loads, and the
 * public entry bundle carries none of it. Not signed in: log in, then back here (UI-AUTH-08). Signed in
 * on that business's team: its Services screen with the expiring services put in the cart (`?renew=`).
 * Anyone else, or an unknown tag: the dashboard home — the link says nothing about the business.
 */
export function renewShortLinkRouter(deps: { db: Kysely<Database> }, session: RequestHandler[]): Router {
  const router = express.Router();
  router.get('/renew/:business_tag', ...session, async (req, res) => {
    const tag = String(req.params.business_tag).toLowerCase();
    res.setHeader('Cache-Control', 'private, no-store');
    const auth = authOf(res);
    if (!auth) {
      const back = `/renew/${encodeURIComponent(tag)}`;
      res.redirect(302, `/login?returnTo=${encodeURIComponent(back)}`);
      return;
    }
    const business = /^[a-z0-9-]{1,64}$/.test(tag)
      ? await deps.db
          .selectFrom('businesses as b')
          .innerJoin('user_business_roles as r', 'r.business_id', 'b.business_id')
          .select('b.business_id')
          .where('b.business_tag', '=', tag)
          .where('b.status', '!=', 'deleted')
          .where('r.user_id', '=', auth.userId)
          .where('r.is_deleted', '=', false)
          .executeTakeFirst()
      : undefined;
    if (!business) {
      res.redirect(302, '/config');
      return;
    }
    const renew = await renewableServices(deps.db, business.business_id, nairobiDate(new Date()));
    const query = renew.length > 0 ? `?renew=${renew.join(',')}` : '';
    res.redirect(302, `/config/business/${business.business_id}/services${query}`);
  });
  return router;
}
