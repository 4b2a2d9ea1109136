import { useTranslation } from 'react-i18next';
import type { UploadPhase } from './photo-api';

/** UI-MED-04 / MEDIA-282 step 7: percentage while sending, then "Processing…", with a working Cancel. */
export function UploadProgress(props: { phase: UploadPhase; onCancel: () => void }) {
  const { t } = useTranslation('config');
  const percent = props.phase.phase === 'sending' ? props.phase.percent : 100;
  return (
    <div className="flex items-center gap-3" data-testid="upload-progress">
      <div className="min-w-0 flex-1">
        <p className="text-small font-semibold" aria-live="polite">
          {props.phase.phase === 'sending'
            ? t('photos.editor.sending', { percent })
            : t('photos.editor.processing')}
        </p>
        <progress
          className="h-3 w-full accent-brand-700"
          max={100}
          value={props.phase.phase === 'sending' ? percent : undefined}
          aria-label={t('photos.editor.progressLabel')}
        />
      </div>
      <button type="button" className="btn-secondary" onClick={props.onCancel}>
        {t('photos.editor.cancelUpload')}
      </button>
    </div>
  );
}
