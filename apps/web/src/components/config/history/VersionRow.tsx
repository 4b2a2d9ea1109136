import { History } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { changeTypeLabel, editorLabel, formatDateTime, type HistoryItem } from './history-api';

/** UI-HIST-02: one version in the timeline, with View and (where allowed) Restore. */
export function VersionRow(props: {
  item: HistoryItem;
  myUserId: string | undefined;
  canRestore: boolean;
  onRestore: () => void;
}) {
  const { t, i18n } = useTranslation('config');
  const { item } = props;
  return (
    <li className="relative border-l-2 border-grey-200 pb-4 pl-5 last:pb-0">
      <span
        aria-hidden="true"
        className={`absolute top-1.5 -left-[7px] size-3 rounded-full ${item.is_current ? 'bg-brand-500' : 'bg-grey-500'}`}
      />
      <article className="card p-4" aria-labelledby={`version-${item.content_version}`}>
        <h2 id={`version-${item.content_version}`} className="text-h3 font-bold">
          {item.is_current
            ? t('history.versionCurrent', { version: item.content_version })
            : t('history.version', { version: item.content_version })}
        </h2>
        <p className="text-small text-grey-600">
          <time dateTime={item.created_at}>{formatDateTime(item.created_at, i18n.language)}</time>
          {' · '}
          {editorLabel(t, item.changed_by, props.myUserId)}
          {' · '}
          {changeTypeLabel(t, item)}
        </p>
        {item.change_summary && <p className="mt-2 break-words">{item.change_summary}</p>}
        <div className="mt-3 flex flex-wrap gap-2">
          <Link to={String(item.content_version)} className="btn-secondary">
            {t('history.view')}
          </Link>
          {props.canRestore && !item.is_current && (
            <button type="button" className="btn-ghost" onClick={props.onRestore}>
              <History aria-hidden="true" className="size-5" />
              {t('history.restore.action')}
            </button>
          )}
        </div>
      </article>
    </li>
  );
}
