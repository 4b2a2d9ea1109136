import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  APP_LANGUAGES,
  changeLanguage,
  isAppLanguage,
  LANGUAGE_INFO,
  type AppLanguage,
} from '../../../i18n/language';
import { ApiError, apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatLocalPhone } from '../../../lib/phone';
import { usePublicSettings } from '../../../lib/queries';
import { TextField } from '../../auth/AuthParts';
import type { AccountProfile } from './account-api';

const trimmedOrNull = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * UI-ACC-01: full name*, nickname, email (marked "not verified"), phone read-only, language. The
 * language applies at once, like the header's switcher (UI-I18N-14): screen, shared cookie and profile.
 */
export function AccountDetails(props: {
  profile: AccountProfile;
  onSaved: (profile: AccountProfile) => void;
}) {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const { profile } = props;
  const [fullName, setFullName] = useState(profile.full_name);
  const [nickname, setNickname] = useState(profile.nickname ?? '');
  const [email, setEmail] = useState(profile.email ?? '');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const changes = {
    ...(fullName.trim() !== profile.full_name ? { full_name: fullName.trim() } : {}),
    ...(trimmedOrNull(nickname) !== profile.nickname ? { nickname: trimmedOrNull(nickname) } : {}),
    ...(trimmedOrNull(email) !== profile.email ? { email: trimmedOrNull(email) } : {}),
  };
  const dirty = Object.keys(changes).length > 0;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !dirty) return;
    if (fullName.trim() === '') {
      setFieldErrors({ full_name: t('account.details.nameRequired') });
      return;
    }
    setBusy(true);
    setStatus(null);
    setFieldErrors({});
    try {
      props.onSaved(await apiSend<AccountProfile>('PATCH', '/users/me', changes));
      setStatus({ tone: 'ok', text: t('account.saved') });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'EMAIL_ALREADY_USED') {
        setFieldErrors({ email: errorMessage(tDefault, error) });
      } else if (error instanceof ApiError && error.details.length > 0) {
        setFieldErrors(
          Object.fromEntries(
            error.details.map((detail) => [detail.field, t('account.details.fieldInvalid')]),
          ),
        );
      }
      setStatus({ tone: 'error', text: errorMessage(tDefault, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void save(event)} className="space-y-4">
      <TextField
        label={t('account.details.fullName')}
        value={fullName}
        onChange={setFullName}
        autoComplete="name"
        required
        error={fieldErrors.full_name}
      />
      <TextField
        label={t('account.details.nickname')}
        hint={t('account.details.nicknameHint')}
        value={nickname}
        onChange={setNickname}
        autoComplete="nickname"
        optional
        error={fieldErrors.nickname}
      />
      <TextField
        label={t('account.details.email')}
        hint={profile.email ? t('account.details.emailUnverified') : t('account.details.emailHint')}
        value={email}
        onChange={setEmail}
        type="email"
        inputMode="email"
        autoComplete="email"
        optional
        error={fieldErrors.email}
      />
      <div>
        <p className="field-label">{t('account.details.phone')}</p>
        <p className="flex min-h-12 items-center rounded-xl bg-grey-50 px-3 font-semibold">
          {formatLocalPhone(profile.phone)}
        </p>
        <p className="mt-1 text-small text-grey-600">{t('account.details.phoneHint')}</p>
      </div>
      <div aria-live="polite">
        {status && (
          <p
            role={status.tone === 'error' ? 'alert' : 'status'}
            className={`text-small font-semibold ${status.tone === 'error' ? 'text-error-700' : 'text-success-700'}`}
          >
            {status.text}
          </p>
        )}
      </div>
      <button type="submit" className="btn-primary" disabled={busy || !dirty} aria-busy={busy}>
        {busy ? t('account.working') : t('account.details.save')}
      </button>
    </form>
  );
}

/** UI-I18N-14 from the account screen: the choice is saved to the profile and the shared cookie. */
export function AccountLanguage(props: {
  profile: AccountProfile;
  onSaved: (profile: AccountProfile) => void;
}) {
  const { t, i18n } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const id = useId();
  const settings = usePublicSettings();
  const enabled = (settings.data?.languages ?? APP_LANGUAGES).filter(isAppLanguage);
  const current: AppLanguage = isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (language: AppLanguage) => {
    setBusy(true);
    setStatus(null);
    try {
      await changeLanguage(language);
      props.onSaved(await apiSend<AccountProfile>('PATCH', '/users/me', { language_preference: language }));
      setStatus({ tone: 'ok', text: t('account.saved') });
    } catch (error) {
      setStatus({ tone: 'error', text: errorMessage(tDefault, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <label htmlFor={id} className="field-label">
        {t('account.language.label')}
      </label>
      <select
        id={id}
        className="field"
        value={current}
        disabled={busy}
        onChange={(event) => isAppLanguage(event.target.value) && void choose(event.target.value)}
      >
        {enabled.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_INFO[code].name}
          </option>
        ))}
      </select>
      <p className="mt-1 text-small text-grey-600">{t('account.language.hint')}</p>
      <p
        aria-live="polite"
        className={`text-small font-semibold ${status?.tone === 'error' ? 'text-error-700' : 'text-success-700'}`}
      >
        {status?.text}
      </p>
    </div>
  );
}
