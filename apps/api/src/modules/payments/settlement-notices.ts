/**
 * The payer's messages about a payment (PAY-300, PAY-301), written to the outbox inside the settlement
 * transaction (ERRATA 26) and sent after commit.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { smsSegments } from '../../integrations/sms/segments.js';
import { displayKes } from '../../lib/money.js';
import { formatDisplayDate, lastServiceDate } from '../../lib/nairobi-date.js';
import { renderStoredTemplate, templateDefinition } from '../notifications/compose.js';
import type { Notifier } from '../notifications/notifier.js';
import type { TemplateLanguage } from '../notifications/templates.js';

type Trx = Transaction<Database>;

/** Short service names for `{service_list}` ("Website to 21 Aug 2026, Ads to 21 May 2026"). */
const SHORT_NAMES: Record<TemplateLanguage, Record<PaidServiceType, string>> = {
  en: {
    website_hosting: 'Website',
    ads: 'Ads',
    search_promotion: 'Promotion',
    image_gallery: 'Gallery',
    premium_listing: 'Premium',
  },
  sw: {
    website_hosting: 'Tovuti',
    ads: 'Matangazo',
    search_promotion: 'Ukuzaji',
    image_gallery: 'Picha',
    premium_listing: 'Premium',
  },
};

const WORDS: Record<TemplateLanguage, { to: string; businesses: (n: number) => string; seeReceipt: string }> =
  {
    en: { to: 'to', businesses: (n) => `${n} businesses`, seeReceipt: 'See receipt for details' },
    sw: { to: 'hadi', businesses: (n) => `biashara ${n}`, seeReceipt: 'Angalia risiti kwa maelezo' },
  };

/** "1,392" — owner texts drop zero cents (PAY-002); the template supplies "KES". */
export const smsAmount = (cents: number) => displayKes(cents).replace(/^KES /, '');

export interface ConfirmedLine {
  businessId: string;
  businessName: string;
  serviceType: PaidServiceType;
  /** The new expiration_date; texts print the last day with service (ERRATA 22). */
  periodEnd: string;
}

export interface ConfirmedReceipt {
  businessId: string;
  receiptId: string;
  receiptNumber: string;
}

const ORDER: PaidServiceType[] = [
  'website_hosting',
  'ads',
  'search_promotion',
  'image_gallery',
  'premium_listing',
];

export function serviceList(lines: ConfirmedLine[], language: TemplateLanguage, several: boolean): string {
  const words = WORDS[language];
  const sorted = [...lines].sort(
    (a, b) =>
      a.businessName.localeCompare(b.businessName) ||
      ORDER.indexOf(a.serviceType) - ORDER.indexOf(b.serviceType),
  );
  const phrase = (line: ConfirmedLine) =>
    `${SHORT_NAMES[language][line.serviceType]} ${words.to} ${formatDisplayDate(lastServiceDate(line.periodEnd))}`;
  if (!several) return sorted.map(phrase).join(', ');
  const byBusiness = new Map<string, ConfirmedLine[]>();
  for (const line of sorted)
    byBusiness.set(line.businessName, [...(byBusiness.get(line.businessName) ?? []), line]);
  return [...byBusiness].map(([name, group]) => `${name}: ${group.map(phrase).join(', ')}`).join('; ');
}

async function payerLanguage(trx: Trx, userId: string): Promise<TemplateLanguage> {
  const user = await trx
    .selectFrom('users')
    .select('language_preference')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return user?.language_preference === 'sw' ? 'sw' : 'en';
}

/**
 * PAY-300: one message per payment — SMS, email with the receipt PDFs attached, in-app. When the SMS
 * would need a second segment its `{service_list}` becomes "See receipt for details"; the email and the
 * in-app notice keep the full list.
 */
export async function queuePaymentConfirmed(
  trx: Trx,
  notifier: Pick<Notifier, 'enqueue'>,
  input: {
    paymentId: string;
    payerUserId: string;
    amountCents: number;
    appUrl: string;
    lines: ConfirmedLine[];
    receipts: ConfirmedReceipt[];
  },
): Promise<void> {
  const language = await payerLanguage(trx, input.payerUserId);
  const businesses = new Map(input.lines.map((line) => [line.businessId, line.businessName]));
  const several = businesses.size > 1;
  const returnPage = `/config/payments/return?OrderMerchantReference=${input.paymentId}`;
  const single = input.receipts.length === 1 ? input.receipts[0] : undefined;
  const variables = {
    amount: smsAmount(input.amountCents),
    business_name: several
      ? WORDS[language].businesses(businesses.size)
      : ([...businesses.values()][0] ?? ''),
    service_list: serviceList(input.lines, language, several),
    receipt_url:
      single && !several ? `${input.appUrl}/r/${single.receiptNumber}` : `${input.appUrl}${returnPage}`,
  };
  const definition = templateDefinition('payment_confirmed');
  const sms = await renderStoredTemplate(trx, definition, 'sms', language, variables);
  const smsVariables =
    smsSegments(sms.text).segments > 1
      ? { ...variables, service_list: WORDS[language].seeReceipt }
      : variables;
  await notifier.enqueue(trx, {
    userId: input.payerUserId,
    templateKey: 'payment_confirmed',
    variables: smsVariables,
    channels: ['sms'],
  });
  await notifier.enqueue(trx, {
    userId: input.payerUserId,
    templateKey: 'payment_confirmed',
    variables,
    link: returnPage,
    channels: ['email', 'in_app'],
  });
  // The outbox row written just now (same transaction, so the same now()) names the receipts to attach.
  await trx
    .updateTable('notification_log')
    .set({
      attachments: sql`${JSON.stringify({ receipt_ids: input.receipts.map((receipt) => receipt.receiptId) })}::jsonb`,
    })
    .where('user_id', '=', input.payerUserId)
    .where('template_key', '=', 'payment_confirmed')
    .where('channel', '=', 'email')
    .where('created_at', '=', sql<Date>`now()`)
    .execute();
}

/** PAY-301: in-app + SMS to the payer; "Try again" leads to the business's renewal link. */
export async function queuePaymentFailed(
  trx: Trx,
  notifier: Pick<Notifier, 'enqueue'>,
  input: {
    paymentId: string;
    payerUserId: string;
    amountCents: number;
    appUrl: string;
    businessTags: string[];
  },
): Promise<void> {
  const [onlyTag] = input.businessTags;
  const renewalUrl =
    input.businessTags.length === 1 && onlyTag
      ? `${input.appUrl}/renew/${onlyTag}`
      : `${input.appUrl}/config`;
  await notifier.enqueue(trx, {
    userId: input.payerUserId,
    templateKey: 'payment_failed',
    variables: { amount: smsAmount(input.amountCents), renewal_url: renewalUrl },
    link: `/config/payments/return?OrderMerchantReference=${input.paymentId}`,
  });
}
