import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ShellDialogProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  /** While the request runs the submit button shows progress and ignores taps (UI-SAVE-06). */
  busy?: boolean;
  submitDisabled?: boolean;
  danger?: boolean;
  /** A translated failure, announced at once. */
  failure?: string | null;
  children?: ReactNode;
}

/**
 * The confirm-and-act dialog of the dashboard (settings, status banner, photos, account): Headless UI gives the
 * focus trap, Escape and focus return (UI-DS-11). On a phone it sits at the bottom, in thumb reach.
 */
export function ShellDialog(props: ShellDialogProps) {
  const { t } = useTranslation('config');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!props.busy && !props.submitDisabled) props.onSubmit();
  };
  return (
    <Dialog open onClose={() => !props.busy && props.onClose()} className="relative z-50">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-end justify-center sm:items-center sm:p-4">
        <DialogPanel className="max-h-[90dvh] w-full max-w-lg overflow-y-auto rounded-t-2xl bg-white p-5 sm:rounded-2xl">
          <DialogTitle className="mb-3 text-h2 font-bold break-words">{props.title}</DialogTitle>
          <form noValidate onSubmit={submit} className="space-y-4">
            {props.children}
            {props.failure && (
              <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
                {props.failure}
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className="btn-secondary" onClick={props.onClose} disabled={props.busy}>
                {t('shell.dialog.cancel')}
              </button>
              <button
                type="submit"
                className={props.danger ? 'btn-danger' : 'btn-primary'}
                disabled={props.submitDisabled}
                aria-busy={props.busy}
              >
                {props.busy ? t('shell.dialog.working') : props.submitLabel}
              </button>
            </div>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
