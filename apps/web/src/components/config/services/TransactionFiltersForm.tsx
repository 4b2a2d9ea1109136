import { Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERIODS, TRANSACTION_STATUSES, type TransactionFilters } from './transactions';

/** UI-TX-02: status, period (with custom days) and a search that waits for a pause in typing. */
export function TransactionFiltersForm(props: {
  value: TransactionFilters;
  onChange: (next: TransactionFilters) => void;
}) {
  const { t } = useTranslation('config');
  const id = useId();
  const { value, onChange } = props;
  const [text, setText] = useState(value.q);

  useEffect(() => {
    if (text === value.q) return undefined;
    const timer = window.setTimeout(() => onChange({ ...value, q: text }), 400);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);

  return (
    <form
      role="search"
      className="card grid grid-cols-2 gap-3 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...value, q: text });
      }}
    >
      <div className="col-span-2">
        <label htmlFor={`${id}-q`} className="field-label">
          {t('services.tx.filters.search')}
        </label>
        <div className="relative">
          <Search size={18} aria-hidden="true" className="absolute top-3.5 left-3 text-grey-600" />
          <input
            id={`${id}-q`}
            type="search"
            className="field pl-10"
            value={text}
            maxLength={64}
            placeholder={t('services.tx.filters.searchPlaceholder')}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-status`} className="field-label">
          {t('services.tx.filters.status')}
        </label>
        <select
          id={`${id}-status`}
          className="field"
          value={value.status}
          onChange={(event) =>
            onChange({ ...value, status: event.target.value as TransactionFilters['status'] })
          }
        >
          <option value="">{t('services.tx.filters.anyStatus')}</option>
          {TRANSACTION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`services.tx.status.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-period`} className="field-label">
          {t('services.tx.filters.period')}
        </label>
        <select
          id={`${id}-period`}
          className="field"
          value={value.period}
          onChange={(event) =>
            onChange({ ...value, period: event.target.value as TransactionFilters['period'] })
          }
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {t(`services.tx.periods.${period}`)}
            </option>
          ))}
        </select>
      </div>
      {value.period === 'custom' && (
        <>
          <div>
            <label htmlFor={`${id}-from`} className="field-label">
              {t('services.tx.filters.from')}
            </label>
            <input
              id={`${id}-from`}
              type="date"
              className="field"
              value={value.from}
              max={value.to || undefined}
              onChange={(event) => onChange({ ...value, from: event.target.value })}
            />
          </div>
          <div>
            <label htmlFor={`${id}-to`} className="field-label">
              {t('services.tx.filters.to')}
            </label>
            <input
              id={`${id}-to`}
              type="date"
              className="field"
              value={value.to}
              min={value.from || undefined}
              onChange={(event) => onChange({ ...value, to: event.target.value })}
            />
          </div>
        </>
      )}
    </form>
  );
}
