import { ChevronDown, LoaderCircle } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../../lib/offline/use-online';
import { ConfirmDialog } from './ConfirmDialog';

export const CHANGE_NOTE_MAX = 140;

/**
 * UI-PROF-04 / UI-SAVE-05 / UI-SAVE-06: the sticky bar under an editor. **Save changes** is enabled
 * only when something changed and the phone is online, shows progress and ignores repeat taps while
 * saving (the shell says "You're offline" once for every screen); **Cancel** asks before throwing changes away. The optional "What did you change?" note
 * (≤ 140 characters) starts collapsed and only shows once there is something to save, so the bar
 * stays one row high on a phone otherwise.
 *
 * On phones it sticks just above the dashboard's fixed bottom navigation (56 px + safe area,
 * ConfigNav.tsx); from 768 px, where that bar is gone, to the bottom of the window.
 */
export function SaveBar(props: {
  dirty: boolean;
  saving: boolean;
  /** Read-only editors (suspended business, UI-DASH-09) show no bar at all. */
  hidden?: boolean;
  /** Form submit handler; the bar's Save button is a submit button when `formId` is given. */
  onSave?: () => void;
  formId?: string;
  onDiscard: () => void;
  note?: string;
  onNoteChange?: (note: string) => void;
  /** A problem to show above the buttons (translated API error). */
  error?: string | null;
}) {
  const { t } = useTranslation('config');
  const online = useOnline();
  const [noteOpen, setNoteOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const noteId = useId();
  if (props.hidden) return null;
  const canSave = props.dirty && online && !props.saving;
  return (
    <div
      className="sticky bottom-[calc(3.5rem+env(safe-area-inset-bottom))] z-20 -mx-4 mt-6 border-t border-grey-200 bg-white px-4 py-3 shadow-[0_-1px_3px_rgba(0,0,0,0.08)] md:bottom-0 md:-mx-6 md:px-6"
      data-testid="save-bar"
    >
      {props.error && (
        <p role="alert" className="mb-2 text-small font-semibold text-error-700">
          {props.error}
        </p>
      )}
      {props.onNoteChange && props.dirty && (
        <div className="mb-2">
          <button
            type="button"
            className="inline-flex min-h-11 items-center gap-1 text-small font-semibold text-brand-700"
            aria-expanded={noteOpen}
            aria-controls={noteId}
            onClick={() => setNoteOpen((open) => !open)}
          >
            {t('business.editor.noteToggle')}
            <ChevronDown size={16} aria-hidden="true" className={noteOpen ? 'rotate-180' : ''} />
          </button>
          <div id={noteId} hidden={!noteOpen}>
            <label htmlFor={`${noteId}-input`} className="sr-only">
              {t('business.editor.noteLabel')}
            </label>
            <input
              id={`${noteId}-input`}
              className="field"
              maxLength={CHANGE_NOTE_MAX}
              value={props.note ?? ''}
              placeholder={t('business.editor.notePlaceholder')}
              onChange={(event) => props.onNoteChange?.(event.target.value)}
            />
            <p className="mt-1 text-right text-small text-grey-600">
              {t('business.editor.counter', { count: (props.note ?? '').length, max: CHANGE_NOTE_MAX })}
            </p>
          </div>
        </div>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          className="btn-secondary flex-1"
          disabled={!props.dirty || props.saving}
          onClick={() => setConfirming(true)}
        >
          {t('business.editor.cancel')}
        </button>
        <button
          type={props.formId ? 'submit' : 'button'}
          form={props.formId}
          className="btn-primary flex-[2]"
          disabled={!canSave}
          aria-busy={props.saving}
          onClick={props.formId ? undefined : props.onSave}
        >
          {props.saving && <LoaderCircle size={18} aria-hidden="true" className="animate-spin" />}
          {props.saving ? t('business.editor.saving') : t('business.editor.save')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('business.editor.discardTitle')}
        onClose={() => setConfirming(false)}
        actions={
          <>
            <button
              type="button"
              className="btn-danger"
              onClick={() => {
                setConfirming(false);
                props.onDiscard();
              }}
            >
              {t('business.editor.discardConfirm')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              {t('business.editor.keepEditing')}
            </button>
          </>
        }
      >
        <p>{t('business.editor.discardBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
