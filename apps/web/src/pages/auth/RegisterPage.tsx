import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { OtpReply } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { sanitiseLegalHtml } from '../../lib/legal-html';
import { normaliseKenyanMobile } from '../../lib/phone';
import { useLanguage, useTerms } from '../../lib/queries';
import { AuthShell, FormAlert, PhoneField, savePending, TextField } from './AuthParts';

type Doc = 'terms_of_service' | 'privacy_policy';
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

/** UI-AUTH-05: benefits, the form, consents (required terms, optional marketing), then the code. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = useLanguage();
  const terms = useTerms();
  const [form, setForm] = useState({ fullName: '', nickname: '', phone: '', email: '' });
  const [consent, setConsent] = useState(false);
  const [sms, setSms] = useState(false);
  const [emailOptIn, setEmailOptIn] = useState(false);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [openDoc, setOpenDoc] = useState<Doc | null>(null);
  const set = (key: keyof typeof form) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const phone = normaliseKenyanMobile(form.phone);
    const email = form.email.trim();
    const next = {
      fullName: form.fullName.trim().length >= 2 ? null : t('auth.nameInvalid'),
      phone: phone ? null : t('auth.phoneInvalid'),
      email: !email || EMAIL.test(email) ? null : t('auth.emailInvalid'),
      consent: consent ? null : t('auth.consentRequired'),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean) || busy) return;
    const termsVersion = terms.data?.terms_of_service?.version_number;
    const privacyVersion = terms.data?.privacy_policy?.version_number;
    if (!termsVersion || !privacyVersion) {
      setFailure(t('legal.unavailable'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<OtpReply & { phone: string }>('POST', '/auth/register', {
        phone,
        full_name: form.fullName.trim(),
        nickname: form.nickname.trim() || null,
        email: email || null,
        language_preference: lang,
        terms_version: termsVersion,
        privacy_version: privacyVersion,
        marketing_sms_opt_in: sms,
        marketing_email_opt_in: Boolean(email) && emailOptIn,
      });
      savePending({ phone: reply.phone, resendAt: reply.resend_available_at, otpSent: reply.otp_sent });
      void navigate('/register/verify');
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const docLink = (doc: Doc) => <button type="button" className="link" onClick={() => setOpenDoc(doc)} />;

  return (
    <AuthShell title={t('auth.registerTitle')}>
      <ul className="space-y-1 rounded-2xl bg-brand-50 p-4">
        <li>{t('auth.benefitFree')}</li>
        <li>{t('auth.benefitWebsite')}</li>
        <li>{t('auth.benefitAgents')}</li>
      </ul>
      <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
        <TextField
          label={t('auth.fullName')}
          value={form.fullName}
          onChange={set('fullName')}
          autoComplete="name"
          required
          error={errors.fullName}
        />
        <TextField
          label={t('auth.nickname')}
          hint={t('auth.nicknameHint')}
          value={form.nickname}
          onChange={set('nickname')}
          autoComplete="nickname"
          optional
        />
        <PhoneField value={form.phone} onChange={set('phone')} error={errors.phone} />
        <TextField
          label={t('auth.email')}
          type="email"
          inputMode="email"
          value={form.email}
          onChange={set('email')}
          autoComplete="email"
          optional
          error={errors.email}
        />
        <fieldset className="space-y-2">
          <label className="flex min-h-11 items-start gap-3">
            <input
              type="checkbox"
              checked={consent}
              onChange={(event) => setConsent(event.target.checked)}
              aria-required
              className="mt-1 size-6 shrink-0 accent-brand-700"
              aria-invalid={errors.consent ? true : undefined}
            />
            <span>
              <Trans
                i18nKey="auth.consentTerms"
                components={{ terms: docLink('terms_of_service'), privacy: docLink('privacy_policy') }}
              />
              <span aria-hidden="true">{' *'}</span>
            </span>
          </label>
          {errors.consent && <p className="text-small font-semibold text-error-700">{errors.consent}</p>}
          <label className="flex min-h-11 items-start gap-3">
            <input
              type="checkbox"
              checked={sms}
              onChange={(event) => setSms(event.target.checked)}
              className="mt-1 size-6 shrink-0 accent-brand-700"
            />
            <span>{t('auth.marketingSms')}</span>
          </label>
          <label className={`flex min-h-11 items-start gap-3 ${form.email.trim() ? '' : 'text-grey-600'}`}>
            <input
              type="checkbox"
              checked={emailOptIn && Boolean(form.email.trim())}
              disabled={!form.email.trim()}
              onChange={(event) => setEmailOptIn(event.target.checked)}
              className="mt-1 size-6 shrink-0 accent-brand-700"
            />
            <span>{t('auth.marketingEmail')}</span>
          </label>
          <p className="text-small text-grey-600">{t('auth.alwaysSent')}</p>
        </fieldset>
        <FormAlert message={failure} />
        <button type="submit" disabled={busy} className="btn-primary-lg">
          {busy ? t('auth.working') : t('auth.createAccount')}
        </button>
      </form>
      <p>
        <Link to="/login" className="link inline-flex min-h-11 items-center">
          {t('auth.haveAccount')}
        </Link>
      </p>
      <DocumentDialog
        doc={openDoc}
        url={openDoc ? terms.data?.[openDoc]?.url : undefined}
        onClose={() => setOpenDoc(null)}
      />
    </AuthShell>
  );
}

/** The document opens over the form, so nothing typed is lost (UI-AUTH-05). */
function DocumentDialog({
  doc,
  url,
  onClose,
}: {
  doc: Doc | null;
  url: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const html = useQuery({
    queryKey: ['legal-html', url],
    enabled: Boolean(url),
    queryFn: async ({ signal }) => sanitiseLegalHtml(await (await fetch(url!, { signal })).text()),
    staleTime: Infinity,
  });
  return (
    <Dialog open={doc !== null} onClose={onClose} className="relative z-40">
      <div className="fixed inset-0 bg-ink/60" aria-hidden="true" />
      <div className="fixed inset-0 flex items-end justify-center p-2 sm:items-center">
        <DialogPanel className="max-h-[85dvh] w-full max-w-160 overflow-y-auto rounded-2xl bg-white p-4">
          <div className="flex items-center justify-between gap-2">
            <DialogTitle className="text-h2 font-bold">
              {doc === 'privacy_policy' ? t('legal.privacyTitle') : t('legal.termsTitle')}
            </DialogTitle>
            <button type="button" onClick={onClose} aria-label={t('auth.documentClose')} className="btn">
              <X size={22} aria-hidden="true" />
            </button>
          </div>
          {html.data !== undefined ? (
            <div lang="en" className="space-y-3" dangerouslySetInnerHTML={{ __html: html.data }} />
          ) : (
            <p>{html.error ? t('legal.unavailable') : t('common.loading')}</p>
          )}
        </DialogPanel>
      </div>
    </Dialog>
  );
}
