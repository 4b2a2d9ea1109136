import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A confirm-and-act dialog (Headless UI: focus trap, Escape, focus back to the opener). On a phone it
 * sits at the bottom like a sheet; while the request runs its buttons ignore taps (UI-SAVE-06).
 */
export function AccountDialog(props: {
  title: string;
  confirmLabel: string;
  busy: boolean;
  danger?: boolean;
  failure?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('config');
  return (
    <Dialog open onClose={() => !props.busy && props.onClose()} className="relative z-40">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-end justify-center sm:items-center sm:p-4">
        <DialogPanel className="max-h-[90dvh] w-full max-w-lg space-y-4 overflow-y-auto rounded-t-2xl bg-white p-5 sm:rounded-2xl">
          <DialogTitle className="text-h2 font-bold">{props.title}</DialogTitle>
          {props.children}
          {props.failure && (
            <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
              {props.failure}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="btn-secondary" disabled={props.busy} onClick={props.onClose}>
              {t('account.cancel')}
            </button>
            <button
              type="button"
              className={props.danger ? 'btn-danger' : 'btn-primary'}
              disabled={props.busy}
              aria-busy={props.busy}
              onClick={props.onConfirm}
            >
              {props.busy ? t('account.working') : props.confirmLabel}
            </button>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
