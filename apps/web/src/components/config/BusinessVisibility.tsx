import { useQueryClient } from '@tanstack/react-query';
import type { DEACTIVATION_REASONS } from '@tafuta/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { BusinessPrivate } from '../../lib/config/types';
import { errorMessage } from '../../lib/errors';
import { useOnline } from '../../lib/offline/use-online';
import { myBusinessesKey, useCurrentBusiness } from '../../pages/config/business-context';
import { ShellDialog } from './ShellDialog';

type Reason = (typeof DEACTIVATION_REASONS)[number];
// The dialog's order (UI-SET-02): the common case first.
const REASONS: readonly Reason[] = ['temporary_closure', 'out_of_business', 'other'];
const NOTE_MAX = 140;

/** UI-SET-02: why, what happens, then hide. "Going out of business" closes instead of hiding. */
function HideDialog(props: {
  alreadyHidden: boolean;
  onClose: () => void;
  onDone: (next: BusinessPrivate) => void;
}) {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business } = useCurrentBusiness();
  const noteId = useId();
  // A hidden business can still be marked closed; hiding it again means nothing.
  const reasons = props.alreadyHidden ? REASONS.filter((reason) => reason === 'out_of_business') : REASONS;
  const [reason, setReason] = useState<Reason>(reasons[0]!);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const needsNote = reason === 'other' && note.trim() === '';

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const next = await apiSend<BusinessPrivate>('POST', `/businesses/${business.business_id}/deactivate`, {
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      props.onDone(next);
    } catch (error) {
      setFailure(errorMessage(tRoot, error));
      setBusy(false);
    }
  };

  return (
    <ShellDialog
      title={props.alreadyHidden ? t('shell.settings.hide.closeTitle') : t('shell.settings.hide.title')}
      submitLabel={
        reason === 'out_of_business' ? t('shell.settings.hide.submitClose') : t('shell.settings.hide.submit')
      }
      danger
      busy={busy}
      submitDisabled={needsNote}
      failure={failure}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <fieldset className="space-y-1">
        <legend className="field-label">{t('shell.settings.hide.reasonLabel')}</legend>
        {reasons.map((option) => (
          <label key={option} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-lg px-1">
            <input
              type="radio"
              name="hide-reason"
              value={option}
              checked={reason === option}
              onChange={() => setReason(option)}
              className="size-5 accent-brand-700"
            />
            {t(`shell.settings.hide.reasons.${option}`)}
          </label>
        ))}
      </fieldset>
      {reason === 'other' && (
        <div>
          <label htmlFor={noteId} className="field-label">
            {t('shell.settings.hide.noteLabel')}
          </label>
          <input
            id={noteId}
            className="field"
            value={note}
            maxLength={NOTE_MAX}
            aria-required="true"
            aria-describedby={`${noteId}-count`}
            onChange={(event) => setNote(event.target.value)}
          />
          <p id={`${noteId}-count`} className="mt-1 text-right text-small text-grey-600">
            {`${note.length}/${NOTE_MAX}`}
          </p>
        </div>
      )}
      <div className="space-y-1 rounded-xl bg-grey-50 p-3">
        <p className="font-semibold">{t('shell.settings.hide.effectsTitle')}</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>{t('shell.settings.hide.effectHidden')}</li>
          <li>{t('shell.settings.hide.effectWebsite')}</li>
          <li>{t('shell.settings.hide.effectPaid')}</li>
          <li>
            {reason === 'out_of_business'
              ? t('shell.settings.hide.effectReopen')
              : t('shell.settings.hide.effectShowAgain')}
          </li>
        </ul>
      </div>
    </ShellDialog>
  );
}

/**
 * UI-SET-02/03 (ERRATA 11): hide or close an active or pending business; show a hidden one again at
 * once (back to review if it was never approved); reopen a closed one, which goes back to review.
 */
export function BusinessVisibility() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business, setBusiness } = useCurrentBusiness();
  const queryClient = useQueryClient();
  const online = useOnline();
  const [dialog, setDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const applied = async (next: BusinessPrivate, message: string) => {
    setBusiness(next);
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: myBusinessesKey });
  };
  const reopen = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const next = await apiSend<BusinessPrivate>('POST', `/businesses/${business.business_id}/reactivate`);
      await applied(
        next,
        next.status === 'active' ? t('shell.settings.shownAgain') : t('shell.settings.sentForReview'),
      );
    } catch (error) {
      setFailure(errorMessage(tRoot, error));
    } finally {
      setBusy(false);
    }
  };

  const { status } = business;
  const canHide = status === 'active' || status === 'pending' || status === 'deactivated';
  const canReopen = status === 'deactivated' || status === 'out_of_business';

  return (
    <section aria-labelledby="visibility-title" className="card space-y-3 p-4">
      <h2 id="visibility-title" className="text-h2 font-bold">
        {t('shell.settings.visibilityTitle')}
      </h2>
      <p className="text-grey-600">
        {t(`shell.settings.visibility.${status === 'deleted' ? 'out_of_business' : status}`)}
      </p>
      {notice && (
        <p role="status" className="rounded-xl bg-success-50 p-3 text-success-700">
          {notice}
        </p>
      )}
      {failure && (
        <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
          {failure}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {canReopen && (
          <button
            type="button"
            className="btn-primary"
            onClick={() => void reopen()}
            disabled={busy || !online}
            aria-busy={busy}
          >
            {busy
              ? t('shell.dialog.working')
              : status === 'deactivated'
                ? t('shell.banner.showAgain')
                : t('shell.banner.reopen')}
          </button>
        )}
        {canHide && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              setNotice(null);
              setDialog(true);
            }}
            disabled={!online}
          >
            {status === 'deactivated'
              ? t('shell.settings.hide.closeButton')
              : t('shell.settings.hide.button')}
          </button>
        )}
      </div>
      {dialog && (
        <HideDialog
          alreadyHidden={status === 'deactivated'}
          onClose={() => setDialog(false)}
          onDone={(next) => {
            setDialog(false);
            void applied(
              next,
              next.status === 'out_of_business'
                ? t('shell.settings.closedDone')
                : t('shell.settings.hiddenDone'),
            );
          }}
        />
      )}
    </section>
  );
}
