import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { APP_LANGUAGES, LANGUAGE_INFO } from '../../../i18n/language';
import { errorMessage } from '../../../lib/errors';
import type { Captions } from './media-order';

/** The photo manager's two small dialogs: delete confirmation (MEDIA-285) and gallery captions. */

function SmallDialog(props: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  danger?: boolean;
  onSubmit: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation('config');
  const { t: tc } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await props.onSubmit();
      props.onClose();
    } catch (error) {
      setFailure(errorMessage(tc, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => !busy && props.onClose()} className="relative z-40">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="max-h-[90dvh] w-full max-w-lg overflow-y-auto rounded-2xl bg-white p-5">
          <DialogTitle className="mb-2 text-h2 font-bold break-words">{props.title}</DialogTitle>
          <form noValidate onSubmit={(event) => void submit(event)} className="space-y-3">
            {props.children}
            {failure && (
              <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
                {failure}
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className="btn-secondary" onClick={props.onClose} disabled={busy}>
                {t('photos.editor.cancel')}
              </button>
              <button type="submit" className={props.danger ? 'btn-danger' : 'btn-primary'} disabled={busy}>
                {props.submitLabel}
              </button>
            </div>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

export function DeletePhotoDialog(props: {
  name: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation('config');
  return (
    <SmallDialog
      title={t('photos.delete.title', { name: props.name })}
      submitLabel={t('photos.delete.confirm')}
      danger
      onSubmit={props.onConfirm}
      onClose={props.onClose}
    >
      <p>{t('photos.delete.body')}</p>
    </SmallDialog>
  );
}

/** UI-MED-01 / UI-WED-03: one caption per language, at most 120 characters each. */
export function CaptionDialog(props: {
  name: string;
  initial: Captions;
  onSave: (captions: Captions) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation('config');
  const [captions, setCaptions] = useState<Captions>(props.initial);
  return (
    <SmallDialog
      title={t('photos.caption.title', { name: props.name })}
      submitLabel={t('photos.caption.save')}
      onSubmit={() => props.onSave(captions)}
      onClose={props.onClose}
    >
      <p className="text-grey-600">{t('photos.caption.hint')}</p>
      {APP_LANGUAGES.map((language) => (
        <label key={language} className="block" lang={language}>
          <span className="field-label">{LANGUAGE_INFO[language].name}</span>
          <input
            className="field"
            value={captions[language] ?? ''}
            maxLength={120}
            onChange={(event) => setCaptions({ ...captions, [language]: event.target.value })}
          />
        </label>
      ))}
    </SmallDialog>
  );
}
