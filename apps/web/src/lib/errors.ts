import type { TFunction } from 'i18next';
import { ApiError } from './api';

/**
 * UI-SAVE-06: an API failure is shown as the translated message of its catalogued code
 * (`errors.<CODE>`), never as the server's text. Waiting times and tries left are filled in.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.UNKNOWN_ERROR');
  if (error.code === 'OTP_INVALID' && error.attemptsRemaining !== undefined) {
    return t('errors.OTP_INVALID_remaining', { count: error.attemptsRemaining });
  }
  if (error.code === 'RATE_LIMIT_EXCEEDED' && error.retryAfter !== undefined) {
    const wait =
      error.retryAfter >= 90
        ? t('errors.minutes', { count: Math.ceil(error.retryAfter / 60) })
        : t('errors.seconds', { count: Math.max(1, error.retryAfter) });
    return t('errors.RATE_LIMIT_EXCEEDED_wait', { wait });
  }
  // A code newer than this build's catalogue still gets a sentence, not a raw key.
  return t(`errors.${error.code}`, { defaultValue: t('errors.UNKNOWN_ERROR') });
}
