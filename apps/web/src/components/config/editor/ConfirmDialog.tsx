import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import type { ReactNode } from 'react';

/**
 * A small modal question with one main answer and a way back: discarding changes, leaving with
 * unsaved changes, a save conflict. Focus is trapped and Escape means "back" (Headless UI).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  /** The buttons, main answer first. */
  actions: ReactNode;
  onClose: () => void;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} className="relative z-50">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-end justify-center p-4 sm:items-center">
        <DialogPanel className="max-h-[90dvh] w-full max-w-md overflow-y-auto rounded-2xl bg-white p-5">
          <DialogTitle className="mb-2 text-h2 font-bold">{props.title}</DialogTitle>
          {props.children && <div className="space-y-2 text-grey-600">{props.children}</div>}
          <div className="mt-4 flex flex-col gap-2">{props.actions}</div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
