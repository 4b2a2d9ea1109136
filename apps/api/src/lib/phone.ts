/**
 * Phone normalisation (PHN-01…05, PHN-07). Every phone input is passed through here before it is
 * validated, stored, looked up or compared, so two spellings of one number can never be two accounts.
 */

/** PHN-01: Kenyan mobile ranges 07xx and 01xx. */
export const KENYAN_MOBILE_PATTERN = /^\+254(7|1)\d{8}$/;

/** PHN-03: a business may publish a landline as well as a mobile. */
export const BUSINESS_PHONE_PATTERN = /^\+254[1-9]\d{7,8}$/;

// `\s` also covers non-breaking and other Unicode spaces, which arrive when numbers are pasted from
// documents or contact cards.
const SEPARATORS = /[\s\-.()[\]]/g;

/** E.164 allows at most 15 digits; 8 keeps out fragments that could only be typos. */
const TEST_NUMBER_PATTERN = /^\+\d{8,15}$/;

export interface NormaliseOptions {
  /**
   * PHN-05: extra country prefixes (such as `+1555`) accepted for testers. Only ever filled from
   * `PHONE_TEST_PREFIXES` outside production; the caller owns that guard.
   */
  testPrefixes?: readonly string[];
}

/** PHN-02 steps 1 and 2, shared by the Kenyan rules and the tester allowance. */
function stripSeparators(input: string): string {
  const compact = input.trim().replace(SEPARATORS, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/**
 * PHN-02 steps 3–5 for a given count of digits after the country code: 9 for mobiles; business numbers
 * also take 8, because some landlines are that short and would otherwise be reachable only when typed
 * in full international form.
 */
function kenyanSteps(subscriberDigits: string): RegExp[] {
  return [
    new RegExp(`^\\+2540(\\d{${subscriberDigits}})$`),
    new RegExp(`^254(\\d{${subscriberDigits}})$`),
    new RegExp(`^0(\\d{${subscriberDigits}})$`),
  ];
}

const MOBILE_STEPS = kenyanSteps('9');
const BUSINESS_STEPS = kenyanSteps('8,9');

function applyKenyanSteps(compact: string, steps: readonly RegExp[]): string {
  for (const step of steps) {
    const match = step.exec(compact);
    if (match) return `+254${match[1]}`;
  }
  // Step 6 stays mobile-only: a bare 8-digit string is too likely to be something else.
  if (/^[71]\d{8}$/.test(compact)) return `+254${compact}`;
  return compact;
}

function normaliseTestPrefix(prefix: string): string | null {
  const compact = stripSeparators(prefix);
  const withPlus = compact.startsWith('+') ? compact : `+${compact}`;
  // An empty or malformed prefix must never turn into "accept everything".
  return /^\+\d+$/.test(withPlus) ? withPlus : null;
}

/**
 * PHN-01/02/05: the canonical `+2547…`/`+2541…` form, or null (the caller answers `400 INVALID_PHONE`).
 */
export function normaliseKenyanMobile(input: string, options: NormaliseOptions = {}): string | null {
  const compact = stripSeparators(input);
  const kenyan = applyKenyanSteps(compact, MOBILE_STEPS);
  if (KENYAN_MOBILE_PATTERN.test(kenyan)) return kenyan;

  if (options.testPrefixes && TEST_NUMBER_PATTERN.test(compact)) {
    for (const prefix of options.testPrefixes) {
      const normalised = normaliseTestPrefix(prefix);
      if (normalised && compact.startsWith(normalised)) return compact;
    }
  }
  return null;
}

/** PHN-03: business contact phone, landline or mobile. A WhatsApp number uses normaliseKenyanMobile. */
export function normaliseBusinessPhone(input: string): string | null {
  const normalised = applyKenyanSteps(stripSeparators(input), BUSINESS_STEPS);
  return BUSINESS_PHONE_PATTERN.test(normalised) ? normalised : null;
}

/** PHN-07: `+254712***678`; application logs never hold a full number. */
export function maskPhone(e164: string): string {
  // Too short to keep both ends without revealing most of the number.
  if (e164.length < 10) return '***';
  return `${e164.slice(0, 7)}***${e164.slice(-3)}`;
}
