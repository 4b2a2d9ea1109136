import { useQueryClient } from '@tanstack/react-query';
import type { FieldError } from '@tafuta/contracts';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiSend } from '../../../lib/api';
import type { BusinessPrivate } from '../../../lib/config/types';
import { errorMessage } from '../../../lib/errors';
import { businessKey, myBusinessesKey } from '../../../pages/config/business-context';
import { ConflictDialog, conflictOf, type SaveConflict } from './ConflictDialog';
import { ReloginDialog } from './ReloginDialog';
import { Toast } from './Toast';

export interface ContentSaveRequest {
  /** The `content_version` the input was typed against. */
  baseVersion: number;
  /** A partial document, deep-merged by the server (UI-CJ-09: arrays replace, null removes). */
  content: Record<string, unknown>;
  /** "What did you change?" (≤ 140). */
  changeNote?: string;
}

export interface SavedContent {
  business: BusinessPrivate;
  contentVersion: number;
  /** UI-DASH-10: the save put a business that was sent back into the approval queue again. */
  resubmitted: boolean;
}

export interface ContentSave {
  /** Sends the save; ignored while one is running (UI-SAVE-06). Results arrive in the callbacks. */
  save(request: ContentSaveRequest): void;
  saving: boolean;
  /** A translated API failure to show near the Save button, or null. */
  error: string | null;
  /** The conflict, re-login dialogs and the "Saved ✓" toast: render once in the editor. */
  ui: ReactNode;
}

/**
 * `PATCH /api/businesses/:id` with `{base_version, content, change_note?, force?}` and everything
 * around it: 409 CONFLICT opens the conflict dialog (UI-SAVE-04) and "Save mine anyway" resends with
 * `force`; 401 opens the log-in-again dialog and "Try again" resends (UI-SAVE-03); 400 field problems
 * go to `onFieldErrors`; any other failure becomes `error` (UI-SAVE-06). On success the business
 * query is updated, a toast says "Saved ✓" (or "Sent for review again", UI-DASH-10) and `onSaved`
 * runs — the editor resets its form to the saved values and clears its draft there.
 */
export function useContentSave(
  businessId: string,
  callbacks: {
    onSaved: (saved: SavedContent) => void;
    onFieldErrors?: (details: FieldError[]) => void;
  },
): ContentSave {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [relogin, setRelogin] = useState(false);
  const [toast, setToast] = useState<{ id: number; text: string } | null>(null);
  const busy = useRef(false);
  const pending = useRef<{ request: ContentSaveRequest; force: boolean } | null>(null);
  const latest = useRef(callbacks);
  useEffect(() => {
    latest.current = callbacks;
  });
  const hideToast = useCallback(() => setToast(null), []);

  const send = useCallback(
    async (request: ContentSaveRequest, force: boolean) => {
      if (busy.current) return;
      busy.current = true;
      pending.current = { request, force };
      setSaving(true);
      setError(null);
      const before = queryClient.getQueryData<BusinessPrivate>(businessKey(businessId));
      try {
        const reply = await apiSend<{ business: BusinessPrivate; content_version: number }>(
          'PATCH',
          `/businesses/${businessId}`,
          {
            base_version: request.baseVersion,
            content: request.content,
            ...(request.changeNote?.trim() ? { change_note: request.changeNote.trim() } : {}),
            ...(force ? { force: true } : {}),
          },
        );
        const resubmitted =
          before?.review_state === 'changes_requested' && reply.business.review_state === 'awaiting_review';
        queryClient.setQueryData(businessKey(businessId), reply.business);
        void queryClient.invalidateQueries({ queryKey: myBusinessesKey });
        setConflict(null);
        setRelogin(false);
        pending.current = null;
        setToast({
          id: Date.now(),
          text: resubmitted ? tc('business.editor.resubmitted') : tc('business.editor.saved'),
        });
        latest.current.onSaved({
          business: reply.business,
          contentVersion: reply.content_version,
          resubmitted,
        });
      } catch (failure) {
        if (failure instanceof ApiError && failure.code === 'CONFLICT' && conflictOf(failure.extra)) {
          setConflict(conflictOf(failure.extra));
        } else if (failure instanceof ApiError && failure.status === 401) {
          setRelogin(true);
        } else {
          setConflict(null);
          if (failure instanceof ApiError && failure.details.length > 0) {
            latest.current.onFieldErrors?.(failure.details);
          }
          setError(errorMessage(t, failure));
        }
      } finally {
        busy.current = false;
        setSaving(false);
      }
    },
    [businessId, queryClient, t, tc],
  );

  const retry = (force: boolean) => {
    const last = pending.current;
    if (last) void send(last.request, force || last.force);
  };

  const ui = (
    <>
      <ConflictDialog
        conflict={conflict}
        businessId={businessId}
        saving={saving}
        onForce={() => retry(true)}
        onClose={() => setConflict(null)}
      />
      <ReloginDialog
        open={relogin}
        saving={saving}
        onRetry={() => retry(false)}
        onClose={() => setRelogin(false)}
      />
      {toast && <Toast key={toast.id} message={toast.text} onDone={hideToast} />}
    </>
  );

  return { save: (request) => void send(request, false), saving, error, ui };
}
