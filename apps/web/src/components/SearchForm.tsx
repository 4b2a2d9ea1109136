import { useId } from 'react';
import { Form } from 'react-router';
import { useTranslation } from 'react-i18next';

interface SearchFormProps {
  defaultQuery?: string;
}

/** A GET form: submitting navigates client-side to /search?q=… (and works as a plain form too). */
export function SearchForm({ defaultQuery = '' }: SearchFormProps) {
  const { t } = useTranslation();
  const inputId = useId();
  return (
    <Form role="search" method="get" action="/search" className="space-y-2">
      <label htmlFor={inputId} className="block text-lg font-semibold">
        {t('search.label')}
      </label>
      <div className="flex gap-2">
        <input
          id={inputId}
          name="q"
          type="search"
          defaultValue={defaultQuery}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          enterKeyHint="search"
          className="min-h-11 w-full min-w-0 flex-1 rounded-lg border-2 border-ink bg-white px-3 text-base text-ink placeholder:text-neutral-600"
        />
        <button type="submit" className="btn-primary">
          {t('search.submit')}
        </button>
      </div>
    </Form>
  );
}
