import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, History } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState } from '../../../components/States';
import { RestoreDialog } from '../../../components/config/history/RestoreDialog';
import { VersionContent } from '../../../components/config/history/VersionContent';
import { VersionDiff } from '../../../components/config/history/VersionDiff';
import { photosBySlug, useBusinessPhotos } from '../../../components/config/history/business-photos';
import { diffContent } from '../../../components/config/history/content-diff';
import {
  changeTypeLabel,
  editorLabel,
  fetchVersion,
  formatDateTime,
  historyKey,
  versionKey,
} from '../../../components/config/history/history-api';
import { useMe } from '../../../lib/session';
import { useCurrentBusiness } from '../business-context';

/** UI-HIST-04/05: one version, read-only, with how it differs from today's and Restore. */
export default function ConfigHistoryVersionPage() {
  const { t, i18n } = useTranslation('config');
  const current = useCurrentBusiness();
  const { business } = current;
  const params = useParams();
  const version = Number(params.version);
  const me = useMe().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [restoring, setRestoring] = useState(false);
  const valid = Number.isInteger(version) && version >= 1;

  const query = useQuery({
    queryKey: versionKey(business.business_id, version),
    queryFn: ({ signal }) => fetchVersion(business.business_id, version, signal),
    enabled: valid,
  });
  const photos = useBusinessPhotos(business.business_id);
  const isCurrent = version === business.content_version;
  const canRestore = current.can('history.restore') && !current.readOnly && !isCurrent;

  const reload = () =>
    Promise.all([
      current.refresh(),
      queryClient.invalidateQueries({ queryKey: historyKey(business.business_id) }),
    ]);

  return (
    <div className="space-y-4 py-4">
      <title>{t('history.versionPageTitle', { version, business: business.business_name })}</title>
      <Link to=".." relative="path" className="btn-ghost -ml-3">
        <ArrowLeft aria-hidden="true" className="size-5" />
        {t('history.back')}
      </Link>
      <h1 className="text-h1 font-bold">
        {isCurrent ? t('history.versionCurrent', { version }) : t('history.version', { version })}
      </h1>
      {!valid && <p role="alert">{t('history.notFound')}</p>}
      {query.isPending && valid && <p className="text-grey-600">{t('history.loading')}</p>}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <>
          <p className="text-grey-600">
            <time dateTime={query.data.created_at}>
              {formatDateTime(query.data.created_at, i18n.language)}
            </time>
            {' · '}
            {editorLabel(t, query.data.changed_by, me?.user_id)}
            {' · '}
            {changeTypeLabel(t, query.data)}
          </p>
          {query.data.change_summary && <p className="break-words">{query.data.change_summary}</p>}
          {canRestore && (
            <button type="button" className="btn-primary" onClick={() => setRestoring(true)}>
              <History aria-hidden="true" className="size-5" />
              {t('history.restore.action')}
            </button>
          )}
          {!isCurrent && (
            <section aria-labelledby="version-diff" className="space-y-3">
              <h2 id="version-diff" className="text-h2 font-bold">
                {t('history.diff.title', { current: business.content_version })}
              </h2>
              <VersionDiff
                version={version}
                entries={diffContent(query.data.content_json, business.content_json)}
              />
            </section>
          )}
          <section aria-labelledby="version-content" className="space-y-3">
            <h2 id="version-content" className="text-h2 font-bold">
              {t('history.contentTitle', { version })}
            </h2>
            <VersionContent
              content={query.data.content_json}
              photos={photos.data ? photosBySlug(photos.data) : undefined}
            />
          </section>
        </>
      )}
      {restoring && query.data && (
        <RestoreDialog
          business={business}
          version={query.data}
          onClose={() => setRestoring(false)}
          onStale={() => void reload()}
          onRestored={(next) => {
            setRestoring(false);
            void reload().then(() =>
              navigate('..', { relative: 'path', state: { restoredFrom: version, restoredTo: next } }),
            );
          }}
        />
      )}
    </div>
  );
}
