import { useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SubdomainPicker } from './SubdomainPicker';
import { KRA_PIN } from './useCheckout';

/** The web address of one business in the checkout; the typed name is kept in the cart. */
export function AddressField(props: {
  businessId: string;
  value: string;
  onValue: (businessId: string, value: string) => void;
  onChecked: (businessId: string, value: string, name: string | null) => void;
  disabled?: boolean;
}) {
  const { businessId, onChecked, onValue } = props;
  const checked = useCallback(
    (value: string, name: string | null) => onChecked(businessId, value, name),
    [businessId, onChecked],
  );
  const change = useCallback((value: string) => onValue(businessId, value), [businessId, onValue]);
  return (
    <SubdomainPicker
      businessId={businessId}
      value={props.value}
      onChange={change}
      onChecked={checked}
      disabled={props.disabled}
    />
  );
}

export const pinProblem = (pin: string | undefined) => {
  const value = (pin ?? '').trim();
  return value !== '' && !KRA_PIN.test(value);
};

/** PAY-109: an optional KRA PIN printed on this business's receipt, for VAT-registered buyers. */
export function KraPinField(props: {
  value: string | undefined;
  onValue: (value: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('config');
  const id = useId();
  const invalid = pinProblem(props.value);
  return (
    <details className="rounded-xl bg-grey-50 p-3" open={Boolean(props.value)}>
      <summary className="flex min-h-11 cursor-pointer items-center font-semibold">
        {t('services.pin.toggle')}
      </summary>
      <div className="mt-2 space-y-1">
        <label htmlFor={id} className="field-label">
          {t('services.pin.label')}
        </label>
        <input
          id={id}
          className="field"
          value={props.value ?? ''}
          maxLength={11}
          autoCapitalize="characters"
          autoComplete="off"
          disabled={props.disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-hint`}
          onChange={(event) => props.onValue(event.target.value.toUpperCase().replace(/\s/g, ''))}
        />
        <p
          id={`${id}-hint`}
          className={`text-small ${invalid ? 'font-semibold text-error-700' : 'text-grey-600'}`}
        >
          {invalid ? t('services.pin.invalid') : t('services.pin.hint')}
        </p>
      </div>
    </details>
  );
}
