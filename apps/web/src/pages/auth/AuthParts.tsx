import { Eye, EyeOff } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Shared pieces of the sign-in screens (ui.md §11): fields with labels, hints and tied errors. */

export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="page max-w-md space-y-4 py-6">
      <title>{t('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {children}
    </div>
  );
}

/** UI-A11Y-06: failures are announced assertively. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div aria-live="assertive">
      {message && (
        <p role="alert" className="rounded-2xl bg-error-50 p-3 text-error-700">
          {message}
        </p>
      )}
    </div>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  required?: boolean;
  optional?: boolean;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  required,
  optional,
  type = 'text',
  autoComplete,
  inputMode,
  prefix,
}: FieldProps & {
  type?: string;
  autoComplete?: string;
  inputMode?: 'tel' | 'email' | 'text' | 'numeric';
  prefix?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
        {required && <span aria-hidden="true">{' *'}</span>}
        {optional && <span className="font-normal text-grey-600">{` (${t('auth.optional')})`}</span>}
      </label>
      <div className="flex items-stretch gap-2">
        {prefix && (
          <span aria-hidden="true" className="flex items-center rounded-xl bg-grey-50 px-3 font-semibold">
            {prefix}
          </span>
        )}
        <input
          id={id}
          type={type}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          autoComplete={autoComplete}
          inputMode={inputMode}
          required={required}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
          className="field"
        />
      </div>
      {hint && (
        <p id={hintId} className="mt-1 text-small text-grey-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-small font-semibold text-error-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** UI-AUTH-01: fixed "+254" shown beside the field; any common spelling is accepted. */
export function PhoneField(props: Omit<FieldProps, 'label' | 'hint'>) {
  const { t } = useTranslation();
  return (
    <TextField
      {...props}
      label={t('auth.phone')}
      hint={t('auth.phoneHint')}
      type="tel"
      inputMode="tel"
      autoComplete="tel"
      prefix="+254"
      required
    />
  );
}

/** The 6-digit SMS code typed into a form (PWD-04 reset and set): digits only, one-time-code autofill. */
export function SmsCodeField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('auth.code')}
      value={value}
      onChange={(typed) => onChange(typed.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      required
    />
  );
}

/** UI-AUTH-04: password with show/hide. */
export function PasswordField({
  label,
  value,
  onChange,
  error,
  autoComplete,
}: FieldProps & { autoComplete: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [visible, setVisible] = useState(false);
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
        <span aria-hidden="true">{' *'}</span>
      </label>
      <div className="relative">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          autoComplete={autoComplete}
          required
          aria-required
          aria-invalid={error ? true : undefined}
          className="field pr-14"
        />
        <button
          type="button"
          onClick={() => setVisible((shown) => !shown)}
          aria-label={visible ? t('auth.hidePassword') : t('auth.showPassword')}
          aria-pressed={visible}
          className="btn absolute top-0.5 right-0.5"
        >
          {visible ? <EyeOff size={20} aria-hidden="true" /> : <Eye size={20} aria-hidden="true" />}
        </button>
      </div>
      {error && <p className="mt-1 text-small font-semibold text-error-700">{error}</p>}
    </div>
  );
}

/** PWD-01 as a live checklist (UI-ACC-03 / UI-AUTH-07). */
export function passwordRules(password: string) {
  return {
    ruleLength: new TextEncoder().encode(password).length >= 8,
    ruleUppercase: /\p{Lu}/u.test(password),
    ruleDigit: /\p{Nd}/u.test(password),
    ruleSpecial: /[^\p{L}\p{M}\p{Nd}]/u.test(password),
  } as const;
}

export function PasswordRules({ password }: { password: string }) {
  const { t } = useTranslation();
  const rules = passwordRules(password);
  return (
    <div className="text-small">
      <p>{t('auth.rules')}</p>
      <ul>
        {(Object.keys(rules) as (keyof typeof rules)[]).map((rule) => (
          <li key={rule} className={rules[rule] ? 'text-success-700' : 'text-grey-600'}>
            {rules[rule] ? '✓ ' : '○ '}
            {t(`auth.${rule}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** PWD-01 met and within bcrypt's 72-byte input limit. */
export function passwordAcceptable(password: string): boolean {
  return (
    Object.values(passwordRules(password)).every(Boolean) && new TextEncoder().encode(password).length <= 72
  );
}

/** A new password (UI-AUTH-07 / UI-ACC-03): show/hide field followed by the live PWD-01 checklist. */
export function NewPasswordField({ label, value, onChange }: Omit<FieldProps, 'error' | 'hint'>) {
  return (
    <>
      <PasswordField label={label} value={value} onChange={onChange} autoComplete="new-password" />
      <PasswordRules password={value} />
    </>
  );
}

/** Phone and resend time carried from "send code" to the code screen, surviving a reload. */
const PENDING_KEY = 'tafuta_auth_pending';

export interface PendingSignIn {
  phone: string;
  resendAt: string;
  otpSent: boolean;
}

export function savePending(pending: PendingSignIn): void {
  try {
    window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  } catch {
    // Without storage the code screen asks for the number again.
  }
}

export function readPending(): PendingSignIn | null {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) ?? 'null');
    return value && typeof value === 'object' && 'phone' in value ? (value as PendingSignIn) : null;
  } catch {
    return null;
  }
}

export function clearPending(): void {
  try {
    window.sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // Nothing to clear.
  }
}
