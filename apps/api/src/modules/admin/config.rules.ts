import { normaliseKenyanMobile } from '../../lib/phone.js';

/**
 * ADM-451's validation per key (plus ERRATA 25's keys and the ranking parameters). A rule returns the
 * value to store (normalised) or throws ConfigValueError with a message a person at the console can act on.
 */

export class ConfigValueError extends Error {
  override name = 'ConfigValueError';
}

type Rule = (value: string) => string;

const length =
  (min: number, max: number): Rule =>
  (value) => {
    if (value.length < min || value.length > max)
      throw new ConfigValueError(`must be ${min}–${max} characters`);
    return value;
  };
const pattern =
  (regex: RegExp, hint: string): Rule =>
  (value) => {
    if (!regex.test(value)) throw new ConfigValueError(hint);
    return value;
  };
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Rule =>
  (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new ConfigValueError(
        `must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`,
      );
    }
    return String(Number(value));
  };
const decimal =
  (min: number, max: number, places: number): Rule =>
  (value) => {
    const regex = new RegExp(`^\\d+(\\.\\d{1,${places}})?$`);
    if (!regex.test(value) || Number(value) < min || Number(value) > max) {
      throw new ConfigValueError(
        `must be a number from ${min} to ${max} with at most ${places} decimal places`,
      );
    }
    return value;
  };
const HHMM = '([01]\\d|2[0-3]):[0-5]\\d';

const RULES: Record<string, Rule> = {
  tafuta_business_name: length(1, 200),
  tafuta_kra_pin: pattern(/^P\d{9}[A-Z]$/, 'must be a company KRA PIN such as P051234567X'),
  tafuta_vat_registration_number: length(1, 20),
  tafuta_business_address: length(1, 300),
  tafuta_business_registration_number: length(1, 50),
  // lib/vat takes rates below 1 (config-cache.ts reads the same shape).
  vat_rate: pattern(/^0(\.\d{1,4})?$/, 'must be a decimal from 0 to 1 with at most 4 places, e.g. 0.16'),
  refund_processing_fee_percentage: decimal(0, 100, 2),
  receipt_number_prefix: pattern(/^[A-Z]{2,5}$/, 'must be 2–5 upper-case letters'),
  pending_alert_threshold: integer(1),
  approval_sla_hours: integer(1, 168),
  pending_digest_time: pattern(new RegExp(`^${HHMM}$`), 'must be HH:MM (EAT)'),
  admin_session_idle_minutes: integer(5, 120),
  sms_unit_cost_kes: decimal(0, 1000, 2),
  marketing_quiet_hours: pattern(new RegExp(`^${HHMM}-${HHMM}$`), 'must be HH:MM-HH:MM (EAT)'),
  tafuta_office_address: length(1, 300),
  tafuta_support_phone: (value) => {
    const phone = normaliseKenyanMobile(value);
    if (!phone) throw new ConfigValueError('must be a Kenyan phone number such as 0712 345 678');
    return phone;
  },
  tafuta_support_email: (value) =>
    value === ''
      ? value
      : pattern(/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/, 'must be an email address')(value.toLowerCase()),
  tafuta_office_hours: length(0, 200),
  tafuta_support_whatsapp: (value) => {
    if (value === '') return value;
    const phone = normaliseKenyanMobile(value);
    if (!phone) throw new ConfigValueError('must be a Kenyan mobile number');
    return phone;
  },
  subdomain_blocklist: (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigValueError('must be a JSON list of labels, e.g. ["shop","news"]');
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((label) => typeof label === 'string' && /^[a-z0-9-]{1,63}$/.test(label))
    ) {
      throw new ConfigValueError('must be a JSON list of lower-case labels (letters, digits, hyphens)');
    }
    return JSON.stringify(parsed);
  },
};

/** ui.md UI-RANK-06: the ranking parameters are positive numbers. */
const RANKING_RULE = decimal(0, 10_000, 4);

/** The stored form of `value` for `key`, or ConfigValueError. Unknown keys are refused by the caller. */
export function validateConfigValue(key: string, rawValue: string): string {
  const value = rawValue.trim();
  const rule = RULES[key] ?? (key.startsWith('ranking.') ? RANKING_RULE : length(0, 2000));
  return rule(value);
}
