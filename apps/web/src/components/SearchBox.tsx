import { Search, X } from 'lucide-react';
import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_QUERY_LENGTH } from '../lib/filters';

interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter: search now (no extra request when the same query was just fetched). */
  onSubmit: () => void;
  busy: boolean;
  autoFocus?: boolean;
  /** The hero's white card has the big orange button; list pages keep a compact bar. */
  variant?: 'hero' | 'bar';
}

/** UI-LIST-04 search box: clear (×) button, submits on Enter, thin progress bar while fetching. */
export function SearchBox({ value, onChange, onSubmit, busy, autoFocus, variant = 'bar' }: SearchBoxProps) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form role="search" onSubmit={submit} className={variant === 'hero' ? 'card space-y-3 p-4' : ''}>
      <label htmlFor={id} className={variant === 'hero' ? 'field-label' : 'sr-only'}>
        {t('search.label')}
      </label>
      <div className="relative">
        <Search
          size={20}
          aria-hidden="true"
          className="pointer-events-none absolute top-3.5 left-3 text-grey-600"
        />
        <input
          ref={input}
          id={id}
          type="search"
          value={value}
          onChange={(event) => onChange(event.target.value.slice(0, MAX_QUERY_LENGTH))}
          maxLength={MAX_QUERY_LENGTH}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          enterKeyHint="search"
          autoFocus={autoFocus}
          className="field pr-12 pl-10 [&::-webkit-search-cancel-button]:hidden"
        />
        {value && (
          <button
            type="button"
            aria-label={t('search.clear')}
            onClick={() => {
              onChange('');
              input.current?.focus();
            }}
            className="btn absolute top-0.5 right-0.5 text-grey-600 hover:text-ink"
          >
            <X size={20} aria-hidden="true" />
          </button>
        )}
        <div
          aria-hidden="true"
          className={`absolute inset-x-3 -bottom-0.5 h-0.5 overflow-hidden rounded ${busy ? 'bg-brand-50' : ''}`}
        >
          {busy && <div className="h-full w-1/3 animate-pulse bg-brand-500" />}
        </div>
      </div>
      {variant === 'hero' && (
        <button type="submit" className="btn-primary-lg">
          {t('search.submit')}
        </button>
      )}
    </form>
  );
}
