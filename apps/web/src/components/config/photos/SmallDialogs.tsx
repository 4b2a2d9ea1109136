import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { APP_LANGUAGES, LANGUAGE_INFO } from '../../../i18n/language';
import { errorMessage } from '../../../lib/errors';
import { ShellDialog } from '../ShellDialog';
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
  const { t: tc } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
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
    <ShellDialog
      title={props.title}
      submitLabel={props.submitLabel}
      danger={props.danger}
      busy={busy}
      failure={failure}
      onSubmit={() => void submit()}
      onClose={props.onClose}
    >
      {props.children}
    </ShellDialog>
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
