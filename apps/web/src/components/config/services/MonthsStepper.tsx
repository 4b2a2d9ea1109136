import { Minus, Plus } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MONTHS_MAX, MONTHS_MIN } from '../../../lib/config/cart';

/** UI-DS-11 MonthsStepper: 1–12 whole months (PAY-028), 44 px buttons, the count read out as it changes. */
export function MonthsStepper(props: {
  months: number;
  /** The service this line buys, so screen readers hear which stepper it is. */
  label: string;
  disabled?: boolean;
  onChange: (months: number) => void;
}) {
  const { t } = useTranslation('config');
  const id = useId();
  const { months, disabled } = props;
  return (
    <div role="group" aria-labelledby={id} className="flex items-center gap-1">
      <span id={id} className="sr-only">
        {t('services.months.label', { service: props.label })}
      </span>
      <button
        type="button"
        className="btn-secondary px-0"
        aria-label={t('services.months.fewer')}
        disabled={disabled || months <= MONTHS_MIN}
        onClick={() => props.onChange(months - 1)}
      >
        <Minus size={18} aria-hidden="true" />
      </button>
      <output aria-live="polite" className="min-w-20 text-center font-semibold">
        {t('services.months.count', { count: months })}
      </output>
      <button
        type="button"
        className="btn-secondary px-0"
        aria-label={t('services.months.more')}
        disabled={disabled || months >= MONTHS_MAX}
        onClick={() => props.onChange(months + 1)}
      >
        <Plus size={18} aria-hidden="true" />
      </button>
    </div>
  );
}
