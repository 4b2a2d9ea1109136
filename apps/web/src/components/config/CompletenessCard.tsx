import { ChevronRight, CircleCheck, Circle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BusinessContent } from '@tafuta/contracts';
import { completeness } from './completeness';

/**
 * UI-DASH-16: what is still missing, with a percentage; each item opens its field in the profile
 * editor (the anchors `#logo`, `#hours` … are the editor's). Done items stay listed, ticked.
 */
export function CompletenessCard({ businessId, content }: { businessId: string; content: BusinessContent }) {
  const { t } = useTranslation('config');
  const { items, percent } = completeness(content);
  return (
    <section aria-labelledby="completeness-title" className="card space-y-3 p-4" data-testid="completeness">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="completeness-title" className="text-h2 font-bold">
          {t('shell.completeness.title')}
        </h2>
        <span className="font-bold whitespace-nowrap text-brand-700">
          {t('shell.completeness.percent', { percent })}
        </span>
      </div>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t('shell.completeness.title')}
        className="h-2 overflow-hidden rounded-full bg-grey-200"
      >
        <div className="h-full rounded-full bg-brand-500" style={{ width: `${percent}%` }} />
      </div>
      {/* A complete profile needs no list of ticks; the owner can still open the editor from the tiles. */}
      {percent === 100 ? (
        <p className="text-success-700">{t('shell.completeness.allDone')}</p>
      ) : (
        <ul className="divide-y divide-grey-200">
          {items.map((item) => (
            <li key={item.key}>
              <Link
                to={`/config/business/${businessId}/profile#${item.key}`}
                className="flex min-h-11 items-center gap-3 py-1 hover:bg-grey-50"
              >
                {item.done ? (
                  <CircleCheck size={22} aria-hidden="true" className="shrink-0 text-success-700" />
                ) : (
                  <Circle size={22} aria-hidden="true" className="shrink-0 text-grey-500" />
                )}
                <span className={`flex-1 ${item.done ? 'text-grey-600' : 'font-semibold'}`}>
                  {t(`shell.completeness.items.${item.key}`)}
                  <span className="sr-only">
                    {item.done ? t('shell.completeness.doneSr') : t('shell.completeness.todoSr')}
                  </span>
                </span>
                <ChevronRight size={18} aria-hidden="true" className="shrink-0 text-grey-600" />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
