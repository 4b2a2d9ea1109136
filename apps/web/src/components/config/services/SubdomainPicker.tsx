import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubdomainAvailability } from '../subdomain-availability';

/** A first guess from the business name: "Mama Njeri's Salon" → "mama-njeris-salon" (UI-SUB-04). */
export function suggestedAddress(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
}

/**
 * UI-SVC-03 / UI-SUB-04: the web address for a business buying website hosting without one. Each pause
 * in typing asks `GET /api/subdomains/availability` (the previous question is aborted); the answer goes
 * up with the value it was for, so the checkout enables Pay only while the field still shows a name the
 * server called free. The server checks it again when the payment starts, and holds it while the
 * payment is pending.
 */
export function SubdomainPicker(props: {
  businessId: string;
  value: string;
  onChange: (value: string) => void;
  /** `name` is the normalised free name for `value`, or null when that value is not free. */
  onChecked: (value: string, name: string | null) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('config');
  const id = useId();
  const { businessId, value, onChecked } = props;
  const wanted = value.trim();
  const check = useSubdomainAvailability(wanted, businessId, wanted === '');
  const verdict = check.state === 'done' ? check.verdict : null;

  // The checkout enables Pay from this: report each answer once it arrives for the value still typed.
  const failed = check.state === 'failed';
  useEffect(() => {
    if (failed) onChecked(wanted, null);
    else if (verdict) onChecked(wanted, verdict.available ? verdict.subdomain : null);
  }, [failed, verdict, wanted, onChecked]);

  let message: string | null = null;
  let tone = 'text-grey-600';
  if (check.state === 'checking') message = t('services.address.checking');
  if (failed) {
    message = t('services.address.failed');
    tone = 'text-error-700';
  }
  if (verdict?.available) {
    message = t('services.address.free', { address: `${verdict.subdomain}.tafuta.ke` });
    tone = 'text-success-700';
  } else if (verdict) {
    message = t(`services.address.${verdict.reason ?? 'invalid'}`);
    tone = 'text-error-700';
  }

  return (
    <div className="space-y-2 rounded-xl bg-grey-50 p-3">
      <label htmlFor={id} className="field-label">
        {t('services.address.label')}
        <span aria-hidden="true">{' *'}</span>
      </label>
      <p className="text-small text-grey-600" id={`${id}-hint`}>
        {t('services.address.hint')}
      </p>
      <div className="flex items-center gap-1">
        <input
          id={id}
          className="field"
          value={value}
          disabled={props.disabled}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          inputMode="url"
          maxLength={63}
          aria-required
          aria-invalid={verdict !== null && !verdict.available ? true : undefined}
          aria-describedby={`${id}-hint ${id}-status`}
          onChange={(event) => props.onChange(event.target.value.toLowerCase())}
        />
        <span aria-hidden="true" className="shrink-0 font-semibold">
          {t('services.address.suffix')}
        </span>
      </div>
      <p id={`${id}-status`} aria-live="polite" className={`text-small font-semibold ${tone}`}>
        {message}
      </p>
      {verdict && !verdict.available && verdict.suggestions.length > 0 && (
        <div className="space-y-1">
          <p className="text-small">{t('services.address.suggestions')}</p>
          <ul className="flex flex-wrap gap-2">
            {verdict.suggestions.slice(0, 4).map((suggestion) => (
              <li key={suggestion}>
                <button type="button" className="chip" onClick={() => props.onChange(suggestion)}>
                  {suggestion}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
