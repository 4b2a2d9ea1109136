import { ExternalLink } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/dates';
import { ConfirmDialog } from './ConfirmDialog';

/** The 409 CONFLICT details of a stale save (content.service.ts `staleVersion`). */
export interface SaveConflict {
  current_version: number;
  updated_at: string;
  updated_by: { name: string | null } | null;
}

export function conflictOf(extra: Record<string, unknown>): SaveConflict | null {
  const version = extra.current_version;
  if (typeof version !== 'number') return null;
  const by = extra.updated_by as { name?: unknown } | null | undefined;
  return {
    current_version: version,
    updated_at: typeof extra.updated_at === 'string' ? extra.updated_at : '',
    updated_by: by ? { name: typeof by.name === 'string' ? by.name : null } : null,
  };
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * UI-SAVE-04: someone saved since this editor loaded. "See their version" opens that version in the
 * history view in a new tab (so the text typed here stays on screen); "Save mine anyway" resends with
 * `force: true` — last write wins, and the overwritten version stays in history.
 */
export function ConflictDialog(props: {
  conflict: SaveConflict | null;
  businessId: string;
  saving: boolean;
  onForce: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('config');
  const conflict = props.conflict;
  const language = i18n.resolvedLanguage ?? 'en';
  const when = conflict?.updated_at
    ? `${formatDate(conflict.updated_at, language)} ${timeFormat.format(new Date(conflict.updated_at))}`
    : '';
  return (
    <ConfirmDialog
      open={conflict !== null}
      title={t('business.editor.conflictTitle')}
      onClose={props.onClose}
      actions={
        <>
          <button type="button" className="btn-primary" disabled={props.saving} onClick={props.onForce}>
            {t('business.editor.conflictForce')}
          </button>
          {conflict && (
            <a
              className="btn-secondary"
              href={`/config/business/${props.businessId}/history/${conflict.current_version}`}
              target="_blank"
              rel="noopener"
            >
              {t('business.editor.conflictSee')}
              <ExternalLink size={16} aria-hidden="true" />
            </a>
          )}
          <button type="button" className="btn-ghost" onClick={props.onClose}>
            {t('business.editor.keepEditing')}
          </button>
        </>
      }
    >
      <p>
        {t('business.editor.conflictBody', {
          name: conflict?.updated_by?.name ?? t('business.editor.someone'),
          when,
          version: conflict?.current_version ?? 0,
        })}
      </p>
      <p>{t('business.editor.conflictKept')}</p>
    </ConfirmDialog>
  );
}
