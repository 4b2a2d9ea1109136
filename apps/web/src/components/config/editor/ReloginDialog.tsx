import { ExternalLink } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * UI-SAVE-03: the session ended while editing. Logging in again happens in a new tab (this one keeps
 * the editor and its input); "Try again" then resends the same save.
 */
export function ReloginDialog(props: {
  open: boolean;
  saving: boolean;
  onRetry: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('config');
  return (
    <ConfirmDialog
      open={props.open}
      title={t('business.editor.reloginTitle')}
      onClose={props.onClose}
      actions={
        <>
          <a className="btn-secondary" href="/login?returnTo=%2Fconfig" target="_blank" rel="noopener">
            {t('business.editor.reloginOpen')}
            <ExternalLink size={16} aria-hidden="true" />
          </a>
          <button type="button" className="btn-primary" disabled={props.saving} onClick={props.onRetry}>
            {t('business.editor.reloginRetry')}
          </button>
        </>
      }
    >
      <p>{t('business.editor.reloginBody')}</p>
    </ConfirmDialog>
  );
}
