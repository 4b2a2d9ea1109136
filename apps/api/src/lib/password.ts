/**
 * Password rules (PWD-01 for everyone, ADM-031 on top for staff). Pure, so the same list feeds the
 * `400 WEAK_PASSWORD` details and the tests; hashing lives with the auth module.
 */

export const PASSWORD_RULES = [
  'min_length',
  'max_length',
  'uppercase',
  'digit',
  'special',
  'contains_email',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export const PASSWORD_MIN_BYTES = 8;
/** bcrypt ignores everything past 72 bytes, so longer input is refused rather than silently cut. */
export const PASSWORD_MAX_BYTES = 72;
/** ADM-031: staff have no second factor in MVP, so their passwords are longer. */
export const STAFF_PASSWORD_MIN_CHARACTERS = 12;
/** A local part as short as `jo` would forbid far too many passwords while protecting nothing. */
const MIN_EMAIL_LOCAL_PART = 3;

// Combining marks belong to the letter they decorate; without them a decomposed "é" would pass as a
// special character.
const LETTER_OR_DIGIT = /^[\p{L}\p{M}\p{Nd}]$/u;

export interface PasswordOptions {
  staff?: boolean;
  /** The staff login email; only its local part matters. */
  email?: string;
}

function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return (at === -1 ? email : email.slice(0, at)).trim().toLowerCase();
}

/** Every rule the password breaks, in a stable order; an empty list means it is acceptable. */
export function passwordProblems(password: string, options: PasswordOptions = {}): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const bytes = Buffer.byteLength(password, 'utf8');
  // Code points, not UTF-16 units, so an emoji counts as the one character the user typed.
  const characters = [...password];

  const tooShort =
    bytes < PASSWORD_MIN_BYTES ||
    (options.staff === true && characters.length < STAFF_PASSWORD_MIN_CHARACTERS);
  if (tooShort) problems.push('min_length');
  if (bytes > PASSWORD_MAX_BYTES) problems.push('max_length');
  if (!/[A-Z]/.test(password)) problems.push('uppercase');
  if (!/[0-9]/.test(password)) problems.push('digit');
  if (!characters.some((character) => !LETTER_OR_DIGIT.test(character))) problems.push('special');

  if (options.staff === true && options.email !== undefined) {
    const localPart = emailLocalPart(options.email);
    if (localPart.length >= MIN_EMAIL_LOCAL_PART && password.toLowerCase().includes(localPart)) {
      problems.push('contains_email');
    }
  }
  return problems;
}
