import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { staffErrorMessage as errorMessage } from './AdminErrors';
import { FormAlerts, LabelledInput } from './AdminUi';

/** Returned by onSubmit when the dialog has a second step (the phone change's code). */
export const KEEP_OPEN = Symbol('keep-open');

export interface ActionInput {
  reasonCode: string | undefined;
  reason: string;
  confirm: string;
}

interface ActionDialogProps {
  title: string;
  /** What will happen, said before the button is pressed (ADM-161). */
  description?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  /** Preset reason codes with their labels; `other` needs free text (admin.md §0). */
  reasonCodes?: { code: string; label: string }[];
  /** Free text is required (5–500 characters) when true; optional extra text otherwise. */
  reasonRequired?: boolean;
  /** Hide the reason field entirely (approve has only an optional note). */
  reasonLabel?: string;
  /** ADM-702: the exact text staff must type to confirm a destructive action. */
  confirmText?: string;
  confirmLabel?: string;
  onSubmit: (input: ActionInput) => Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
}

/**
 * One dialog for every staff action that needs a reason or a typed confirmation; the server enforces the
 * same rules (ADM-702), the dialog only saves a round trip. The API's refusal is shown inside it.
 */
export function ActionDialog(props: ActionDialogProps) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  const [reasonCode, setReasonCode] = useState(props.reasonCodes?.[0]?.code);
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const needsText = props.reasonRequired || reasonCode === 'other';
  const textOk = !needsText || reason.trim().length >= 5;
  const confirmOk = props.confirmText === undefined || confirm.trim() === props.confirmText.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!textOk || !confirmOk || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await props.onSubmit({ reasonCode, reason: reason.trim(), confirm: confirm.trim() });
      if (result !== KEEP_OPEN) props.onClose();
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} className="relative z-40">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="max-h-[90dvh] w-full max-w-lg overflow-y-auto rounded-2xl bg-white p-5">
          <DialogTitle className="mb-2 text-h2 font-bold">{props.title}</DialogTitle>
          <form noValidate onSubmit={(event) => void submit(event)} className="space-y-3">
            {props.description && <div className="text-grey-600">{props.description}</div>}
            {props.children}
            {props.reasonCodes && (
              <label className="block">
                <span className="field-label">{ta('action.reasonCode')}</span>
                <select
                  className="field"
                  value={reasonCode}
                  onChange={(event) => setReasonCode(event.target.value)}
                >
                  {props.reasonCodes.map(({ code, label }) => (
                    <option key={code} value={code}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {props.reasonLabel !== '' && (
              <label className="block">
                <span className="field-label">
                  {props.reasonLabel ??
                    (needsText ? ta('action.reasonRequired') : ta('action.reasonOptional'))}
                </span>
                <textarea
                  className="field min-h-20 py-2"
                  value={reason}
                  maxLength={500}
                  aria-invalid={needsText && reason.length > 0 && !textOk}
                  onChange={(event) => setReason(event.target.value)}
                />
                {needsText && <span className="text-small text-grey-600">{ta('action.reasonHint')}</span>}
              </label>
            )}
            {props.confirmText !== undefined && (
              <LabelledInput
                label={props.confirmLabel ?? ta('action.typeToConfirm', { text: props.confirmText })}
                value={confirm}
                autoComplete="off"
                onChange={(event) => setConfirm(event.target.value)}
              />
            )}
            <FormAlerts failure={failure} />
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className="btn-secondary" onClick={props.onClose}>
                {ta('common.cancel')}
              </button>
              <button
                type="submit"
                className={props.danger ? 'btn-danger' : 'btn-primary'}
                disabled={busy || !textOk || !confirmOk}
              >
                {busy ? ta('common.working') : props.submitLabel}
              </button>
            </div>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
