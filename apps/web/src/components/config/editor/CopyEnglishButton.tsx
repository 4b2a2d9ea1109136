import { Copy } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/**
 * UI-LANG-03: fills the empty fields of the current tab with the English wording for the owner to
 * rewrite. The editor does the filling (`onCopy`); nothing is ever machine-translated.
 */
export function CopyEnglishButton({ onCopy, disabled }: { onCopy: () => void; disabled?: boolean }) {
  const { t } = useTranslation('config');
  return (
    <button type="button" className="btn-ghost -ml-4" onClick={onCopy} disabled={disabled}>
      <Copy size={18} aria-hidden="true" />
      {t('business.editor.copyEnglish')}
    </button>
  );
}
