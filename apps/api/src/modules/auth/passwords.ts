import bcrypt from 'bcryptjs';
import { AppError } from '../../http/errors.js';
import { passwordProblems, type PasswordOptions } from '../../lib/password.js';

/** PWD-02. */
export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

/**
 * LGN-02: an unknown account still costs one bcrypt comparison, so response times do not tell which
 * phones or emails exist.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= bcrypt.hash('tafuta-timing-equaliser', BCRYPT_COST);
    await bcrypt.compare(password, await dummyHash);
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** PWD-01 / ADM-031: every unmet rule is reported at once in `details`. */
export function assertStrongPassword(password: string, field: string, options: PasswordOptions = {}): void {
  const problems = passwordProblems(password, options);
  if (problems.length === 0) return;
  throw new AppError('WEAK_PASSWORD', `The password does not meet the rules: ${problems.join(', ')}`, {
    field,
    details: problems.map((rule) => ({
      field,
      code: rule === 'min_length' ? 'too_short' : rule === 'max_length' ? 'too_long' : 'invalid_format',
      rule,
    })),
  });
}
