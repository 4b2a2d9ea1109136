/**
 * INT-203: how many SMS a text costs. Computed before sending so the notification log and the cost
 * estimate do not depend on what (or whether) the provider reports.
 */

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** Sent as ESC + character, so each costs two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

export interface SmsSegments {
  encoding: 'gsm7' | 'ucs2';
  segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  length: number;
}

/**
 * Parts are filled the way handsets and gateways do it: an escape pair or a surrogate pair is never
 * split across two parts, which can cost one more part than plain division suggests.
 */
function countParts(units: number[], partSize: number): number {
  let parts = 1;
  let used = 0;
  for (const size of units) {
    if (used + size > partSize) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function smsSegments(text: string): SmsSegments {
  const characters = Array.from(text);
  const gsm = characters.every((char) => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char));
  const encoding = gsm ? 'gsm7' : 'ucs2';
  const units = characters.map((char) => (gsm ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length));
  const length = units.reduce((sum, size) => sum + size, 0);
  const limits = LIMITS[encoding];
  const segments = length <= limits.single ? 1 : countParts(units, limits.part);
  return { encoding, segments, length };
}
