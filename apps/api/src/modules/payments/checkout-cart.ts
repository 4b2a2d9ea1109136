import type { FieldError, QuoteReply, ServiceTypeName } from '@tafuta/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalidInput } from '../../http/errors.js';
import { formatKes } from '../../lib/money.js';
import { addMonths, lastServiceDate } from '../../lib/nairobi-date.js';
import { priceLine, type PricedLine } from '../../lib/vat.js';
import { can, type Actor, type BusinessRole } from '../auth/permissions.js';
import { subdomainsOf } from '../businesses/business.view.js';
import { planCredit, type SubscriptionTerm } from './crediting.js';
import { bestDiscounts, type AppliedDiscount } from './discounts.repo.js';
import { activeFees } from './pricing.repo.js';
import { SERVICE_NAMES } from './pricing.service.js';

/**
 * PAY-101..104: the cart's rules and prices, shared by the quote (no side effects) and the initiation
 * (which runs it again inside its transaction, PAY-103 "checked at quote and again at initiation").
 */

type Db = Kysely<Database> | Transaction<Database>;

/** PAY-101. */
export const MAX_CART_BUSINESSES = 10;
/** PAY-028: no subscription may run more than this far beyond today once credited. */
export const HORIZON_MONTHS = 24;

export interface CartLineInput {
  business_id: string;
  service_type: ServiceTypeName;
  months: number;
}

export interface PricedCartLine {
  serviceType: ServiceTypeName;
  months: number;
  unitPriceCents: number;
  discount: AppliedDiscount | null;
  priced: PricedLine;
  currentExpiration: string | null;
  newExpiration: string;
}

export interface PricedCartBusiness {
  businessId: string;
  businessName: string;
  /** Website hosting is in the cart and the business has no web address yet (PAY-103). */
  subdomainRequired: boolean;
  /** The assigned web address, if any. */
  subdomain: string | null;
  lines: PricedCartLine[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface PricedCart {
  businesses: PricedCartBusiness[];
  vatRate: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** INVALID_INPUT rules that need no database: business count, duplicate lines, stray extras (PAY-321). */
export function checkCartShape(
  items: readonly CartLineInput[],
  extras: { subdomains: readonly { business_id: string }[]; pins?: readonly { business_id: string }[] },
): void {
  const businesses = new Set(items.map((item) => item.business_id));
  if (businesses.size > MAX_CART_BUSINESSES) {
    throw invalidInput(`A payment may cover at most ${MAX_CART_BUSINESSES} businesses`, [
      { field: 'items', code: 'out_of_range' },
    ]);
  }
  const seen = new Set<string>();
  const duplicates: FieldError[] = [];
  items.forEach((item, index) => {
    const key = `${item.business_id}:${item.service_type}`;
    if (seen.has(key)) duplicates.push({ field: `items.${index}`, code: 'not_unique' });
    seen.add(key);
  });
  if (duplicates.length > 0) {
    throw invalidInput('Each service may appear once per business', duplicates);
  }
  const hosting = new Set(
    items.filter((item) => item.service_type === 'website_hosting').map((item) => item.business_id),
  );
  const extraProblems = (list: readonly { business_id: string }[], name: string, allowed: Set<string>) => {
    const named = new Set<string>();
    const problems: FieldError[] = [];
    list.forEach((entry, index) => {
      if (!allowed.has(entry.business_id)) {
        problems.push({ field: `${name}.${index}.business_id`, code: 'not_allowed' });
      } else if (named.has(entry.business_id)) {
        problems.push({ field: `${name}.${index}.business_id`, code: 'not_unique' });
      }
      named.add(entry.business_id);
    });
    return problems;
  };
  const problems = [
    ...extraProblems(extras.subdomains, 'subdomains', hosting),
    ...extraProblems(extras.pins ?? [], 'buyer_kra_pins', businesses),
  ];
  if (problems.length > 0) {
    throw invalidInput(
      'A web address is given only for a business buying website hosting, and a PIN only for a business in the cart',
      problems,
    );
  }
}

async function cartBusinesses(db: Db, actor: Actor, businessIds: string[]) {
  const rows = await db
    .selectFrom('businesses as b')
    .leftJoin('user_business_roles as r', (join) =>
      join
        .onRef('r.business_id', '=', 'b.business_id')
        .on('r.user_id', '=', actor.userId)
        .on('r.is_deleted', '=', false),
    )
    .select(['b.business_id', 'b.business_name', 'b.status', 'r.role'])
    .where('b.business_id', 'in', businessIds)
    .execute();
  return new Map(rows.map((row) => [row.business_id, row]));
}

/**
 * PAY-100/103: each business exists (404), the payer is its Owner — not a business admin, not staff —
 * (403 FORBIDDEN, PAY-321), and it is active (a suspended one: 403 BUSINESS_SUSPENDED; otherwise 409).
 */
function checkBusiness(
  actor: Actor,
  businessId: string,
  row: { business_name: string; status: string; role: BusinessRole | null } | undefined,
): void {
  if (!row || row.status === 'deleted') {
    throw new AppError('NOT_FOUND', 'No such business', {
      field: 'items',
      extra: { business_id: businessId },
    });
  }
  const resource = { kind: 'business' as const, businessId, actorRole: row.role };
  if (!can(actor, 'business.pay', resource)) {
    throw new AppError('FORBIDDEN', `Only an Owner of ${row.business_name} can pay for its services`, {
      extra: { business_id: businessId },
    });
  }
  if (row.status === 'suspended') {
    throw new AppError('BUSINESS_SUSPENDED', `${row.business_name} is suspended; services cannot be bought`, {
      extra: { business_id: businessId },
    });
  }
  if (row.status !== 'active') {
    throw new AppError(
      'CONFLICT',
      `${row.business_name} is not active; services can be bought once it is approved and open`,
      {
        extra: { business_id: businessId },
      },
    );
  }
}

async function subscriptionsOf(db: Db, businessIds: string[]) {
  const rows = await db
    .selectFrom('service_subscriptions')
    .select([
      'business_id',
      'service_type',
      'status',
      'start_date',
      'anchor_day',
      'expiration_date',
      'months_paid',
      'complimentary_months',
    ])
    .where('business_id', 'in', businessIds)
    .execute();
  return new Map<string, SubscriptionTerm>(
    rows.map((row) => [`${row.business_id}:${row.service_type}`, row]),
  );
}

const running = (term: SubscriptionTerm | undefined, today: string) =>
  term !== undefined && term.status === 'active' && term.expiration_date > today;

/**
 * Prices a cart for `actor` on the EAT day `today` with the VAT rate of the moment: every PAY-103 rule,
 * then PAY-052 per line with the business's single best discount (PAY-083), then sums (PAY-053).
 */
export async function priceCart(
  db: Db,
  input: { actor: Actor; items: readonly CartLineInput[]; vatRate: string; today: string },
): Promise<PricedCart> {
  const { actor, items, vatRate, today } = input;
  const businessIds = [...new Set(items.map((item) => item.business_id))];
  const [businesses, fees, subscriptions, discounts, names] = await Promise.all([
    cartBusinesses(db, actor, businessIds),
    activeFees(db),
    subscriptionsOf(db, businessIds),
    bestDiscounts(db, businessIds),
    subdomainsOf(db, businessIds),
  ]);
  for (const businessId of businessIds) checkBusiness(actor, businessId, businesses.get(businessId));

  const horizon = addMonths(today, HORIZON_MONTHS, Number(today.slice(8, 10)));
  const inCart = new Set(items.map((item) => `${item.business_id}:${item.service_type}`));
  const priced = items.map((item, index): PricedCartLine & { businessId: string } => {
    const fee = fees.get(item.service_type);
    if (!fee) {
      throw new AppError('CONFLICT', 'This service is not on sale', {
        field: `items.${index}.service_type`,
        extra: { business_id: item.business_id, service_type: item.service_type },
      });
    }
    if (
      item.service_type === 'image_gallery' &&
      !running(subscriptions.get(`${item.business_id}:website_hosting`), today) &&
      !inCart.has(`${item.business_id}:website_hosting`)
    ) {
      throw new AppError('CONFLICT', 'The image gallery needs website hosting: add hosting to the cart', {
        field: `items.${index}.service_type`,
        extra: { business_id: item.business_id, service_type: item.service_type },
      });
    }
    const current = subscriptions.get(`${item.business_id}:${item.service_type}`);
    const plan = planCredit(current, item.months, today);
    if (plan.term.expiration_date > horizon) {
      throw new AppError('CONFLICT', `You can prepay up to ${HORIZON_MONTHS} months ahead`, {
        field: `items.${index}.months`,
        extra: {
          business_id: item.business_id,
          service_type: item.service_type,
          latest_expiration_date: horizon,
        },
      });
    }
    const discount = discounts.get(item.business_id) ?? null;
    return {
      businessId: item.business_id,
      serviceType: item.service_type,
      months: item.months,
      unitPriceCents: fee.price_per_month_cents,
      discount,
      priced: priceLine({
        unitPriceCents: fee.price_per_month_cents,
        months: item.months,
        vatRate,
        discountPercentage: discount?.discount_percentage ?? 0,
      }),
      currentExpiration: running(current, today) ? current!.expiration_date : null,
      newExpiration: plan.term.expiration_date,
    };
  });

  const groups: PricedCartBusiness[] = businessIds.map((businessId) => {
    const lines = priced
      .filter((line) => line.businessId === businessId)
      .map(({ businessId: _, ...line }) => line);
    const subdomain = names.get(businessId) ?? null;
    return {
      businessId,
      businessName: businesses.get(businessId)!.business_name,
      subdomainRequired: subdomain === null && lines.some((line) => line.serviceType === 'website_hosting'),
      subdomain,
      lines,
      netCents: sum(lines.map((line) => line.priced.lineNetCents)),
      vatCents: sum(lines.map((line) => line.priced.lineVatCents)),
      grossCents: sum(lines.map((line) => line.priced.lineGrossCents)),
    };
  });
  return {
    businesses: groups,
    vatRate,
    netCents: sum(groups.map((group) => group.netCents)),
    vatCents: sum(groups.map((group) => group.vatCents)),
    grossCents: sum(groups.map((group) => group.grossCents)),
  };
}

/** PAY-104's reply. */
export function toQuoteReply(cart: PricedCart): QuoteReply {
  return {
    businesses: cart.businesses.map((business) => ({
      business_id: business.businessId,
      business_name: business.businessName,
      subdomain_required: business.subdomainRequired,
      subdomain: business.subdomain,
      lines: business.lines.map((line) => ({
        service_type: line.serviceType,
        name: SERVICE_NAMES[line.serviceType],
        months: line.months,
        unit_price: formatKes(line.unitPriceCents),
        list_net_amount: formatKes(line.priced.listNetCents),
        list_gross_amount: formatKes(line.priced.listGrossCents),
        discount_id: line.discount?.discount_id ?? null,
        discount_percentage: line.discount?.discount_percentage ?? 0,
        discount_amount: formatKes(line.priced.discountCents),
        net_amount: formatKes(line.priced.lineNetCents),
        vat_amount: formatKes(line.priced.lineVatCents),
        amount_kes: formatKes(line.priced.lineGrossCents),
        current_expiration_date: line.currentExpiration,
        new_expiration_date: line.newExpiration,
        new_last_service_date: lastServiceDate(line.newExpiration),
      })),
      net_amount: formatKes(business.netCents),
      vat_amount: formatKes(business.vatCents),
      amount_kes: formatKes(business.grossCents),
    })),
    vat_rate: cart.vatRate,
    net_amount: formatKes(cart.netCents),
    vat_amount: formatKes(cart.vatCents),
    amount_kes: formatKes(cart.grossCents),
  };
}
