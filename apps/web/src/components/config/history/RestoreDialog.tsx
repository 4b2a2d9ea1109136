import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiSend } from '../../../lib/api';
import { formatDate } from '../../../lib/dates';
import { errorMessage } from '../../../lib/errors';
import type { BusinessPrivate } from '../../../lib/config/types';
import { ShellDialog } from '../ShellDialog';
import { mediaTags } from './content-diff';
import { fetchVersion, versionKey, type HistoryItem } from './history-api';

const REASON_MAX = 140;

/**
 * UI-HIST-05/06: bring back an earlier version as a new one. Restore keeps today's photos, so photo
 * tags that version used and that are gone now are named as not coming back. `base_version` makes a
 * save by someone else in the meantime a 409 instead of a silent overwrite.
 */
export function RestoreDialog(props: {
  business: BusinessPrivate;
  version: Pick<HistoryItem, 'content_version' | 'created_at'>;
  onClose: () => void;
  onRestored: (newVersion: number) => void;
  /** The business changed under us: reload it and the timeline. */
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: tc } = useTranslation('config');
  const id = useId();
  const { business, version } = props;
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const old = useQuery({
    queryKey: versionKey(business.business_id, version.content_version),
    queryFn: ({ signal }) => fetchVersion(business.business_id, version.content_version, signal),
  });
  const today = new Set(mediaTags(business.content_json));
  const gone = old.data ? mediaTags(old.data.content_json).filter((tag) => !today.has(tag)).length : 0;

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<{ content_version: number }>(
        'POST',
        `/businesses/${business.business_id}/content/rollback`,
        {
          version: version.content_version,
          base_version: business.content_version,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      );
      props.onRestored(reply.content_version);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        setFailure(tc('history.restore.conflict'));
        props.onStale();
      } else setFailure(errorMessage(t, error));
      setBusy(false);
    }
  };

  return (
    <ShellDialog
      title={tc('history.restore.title', { version: version.content_version })}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      submitLabel={tc('history.restore.submit')}
      busy={busy}
      failure={failure}
    >
      <p>
        {tc('history.restore.body', {
          version: version.content_version,
          date: formatDate(version.created_at, i18n.language),
          next: business.content_version + 1,
          current: business.content_version,
        })}
      </p>
      <p className="text-small text-grey-600">
        {tc('history.restore.photos')}{' '}
        {gone > 0 && tc('history.restore.photosGone', { count: gone, version: version.content_version })}
      </p>
      <div>
        <label htmlFor={`${id}-reason`} className="field-label">
          {tc('history.restore.reason')}
        </label>
        <textarea
          id={`${id}-reason`}
          className="field min-h-20 py-2"
          value={reason}
          maxLength={REASON_MAX}
          aria-describedby={`${id}-count`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p id={`${id}-count`} className="mt-1 text-right text-small text-grey-600">
          {tc('history.restore.count', { used: reason.length, max: REASON_MAX })}
        </p>
      </div>
    </ShellDialog>
  );
}
