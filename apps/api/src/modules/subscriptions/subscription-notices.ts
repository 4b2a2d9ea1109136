import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { formatDisplayDate, lastServiceDate } from '../../lib/nairobi-date.js';
import { activeOwnerIds } from '../businesses/access.js';
import type { Notifier } from '../notifications/notifier.js';
import type { TemplateLanguage } from '../notifications/templates.js';
import { SERVICE_NAMES } from './service-names.js';

type Trx = Transaction<Database>;

/** Where "Renew" leads (PAY-304): the business's Services screen behind the /renew short link. */
export const renewalUrl = (appUrl: string, businessTag: string) => `${appUrl}/renew/${businessTag}`;

async function recipients(trx: Trx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return trx
    .selectFrom('users')
    .select(['user_id', 'language_preference'])
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
}

const languageOf = (preference: string): TemplateLanguage => (preference === 'sw' ? 'sw' : 'en');

/**
 * ADM-350/351 messages to every active Owner. "Runs until" and "valid until" print the last day with
 * service (ERRATA 22), in the owner's language where it is written (ADM-501).
 */
export async function notifySubscriptionOwners(
  trx: Trx,
  notifier: Notifier,
  input: {
    businessId: string;
    businessName: string;
    serviceType: PaidServiceType;
    templateKey: string;
    expirationDate: string;
    months: number;
    reason: string;
  },
): Promise<number> {
  let queued = 0;
  for (const owner of await recipients(trx, await activeOwnerIds(trx, input.businessId))) {
    const language = languageOf(owner.language_preference);
    queued += await notifier.enqueue(trx, {
      userId: owner.user_id,
      templateKey: input.templateKey,
      variables: {
        business_name: input.businessName,
        service_type: SERVICE_NAMES[language][input.serviceType],
        expiration_date: formatDisplayDate(lastServiceDate(input.expirationDate)),
        months: String(input.months),
        reason: input.reason,
      },
      link: `/config/business/${input.businessId}/services`,
    });
  }
  return queued;
}

/** ADM-512: expiry reminders go to the Owners and the business Admins. */
export async function ownersAndAdmins(trx: Trx, businessId: string) {
  const rows = await trx
    .selectFrom('user_business_roles')
    .select('user_id')
    .where('business_id', '=', businessId)
    .where('role', 'in', ['owner', 'admin'])
    .where('is_deleted', '=', false)
    .execute();
  return recipients(
    trx,
    rows.map((row) => row.user_id),
  ).then((people) =>
    people.map((person) => ({ ...person, language: languageOf(person.language_preference) })),
  );
}

/**
 * PAY-187 / ADM-342: `service_expiring` (or `service_expired` once the day has come) to every Owner and
 * business Admin, worded the same whether the daily job or a staff click sends it. Returns how many
 * messages were queued.
 */
export async function notifyServiceExpiry(
  trx: Trx,
  deps: { notifier: Notifier; appUrl: string },
  input: {
    businessId: string;
    businessName: string;
    businessTag: string;
    serviceType: PaidServiceType;
    expirationDate: string;
    daysLeft: number;
    expired: boolean;
  },
): Promise<number> {
  let queued = 0;
  for (const person of await ownersAndAdmins(trx, input.businessId)) {
    queued += await deps.notifier.enqueue(trx, {
      userId: person.user_id,
      templateKey: input.expired ? 'service_expired' : 'service_expiring',
      variables: {
        business_name: input.businessName,
        service_type: SERVICE_NAMES[person.language][input.serviceType],
        // "expires on" names expiration_date itself (ERRATA 22).
        expiration_date: formatDisplayDate(input.expirationDate),
        days: String(Math.max(input.daysLeft, 0)),
        renewal_url: renewalUrl(deps.appUrl, input.businessTag),
      },
      link: `/config/business/${input.businessId}/services`,
    });
  }
  return queued;
}
