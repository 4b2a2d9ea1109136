import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

/** API down or offline: say so and offer a retry; never a blank page. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="rounded-2xl bg-error-50 p-4 text-error-700">
      <p className="font-semibold">{t('error.loadFailed')}</p>
      <p className="text-small">{errorMessage(t, error)}</p>
      <button type="button" onClick={onRetry} className="btn-danger mt-3">
        {t('error.retry')}
      </button>
    </div>
  );
}

/** UI-LIST-08 / Joby-sample2: the "list your business — it's free" block. */
export function ListBusinessPrompt({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  if (compact) {
    return (
      <div className="rounded-2xl bg-brand-50 p-4">
        <p className="font-semibold">{t('prompt.title')}</p>
        <Link to="/list-your-business" className="btn-primary mt-3">
          {t('prompt.action')}
        </Link>
      </div>
    );
  }
  return (
    <section aria-labelledby="list-prompt" className="bg-brand-500 text-ink">
      <div className="page space-y-3 py-8">
        <h2 id="list-prompt" className="text-h1 font-extrabold">
          {t('prompt.title')}
        </h2>
        <p>{t('prompt.body')}</p>
        <Link to="/list-your-business" className="btn bg-ink text-white hover:bg-grey-600">
          {t('prompt.action')}
        </Link>
      </div>
    </section>
  );
}
