import { History } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/dates';
import { readDraft, removeDraft, writeDraft, type DraftAddress, type StoredDraft } from '../../../lib/drafts';

/** UI-SAVE-01: how often unsaved input is written to the phone. */
export const DRAFT_INTERVAL_MS = 5000;

export interface DraftControl<T> {
  /** A draft found when the editor opened, waiting for Keep or Discard (null once answered). */
  offered: StoredDraft<T> | null;
  /** Hides the prompt and hands the draft over; the editor applies `values` (and `baseVersion`). */
  keep: () => StoredDraft<T> | null;
  /** Hides the prompt and deletes the draft. */
  discard: () => void;
  /** After a successful save or a Cancel: the draft is gone. */
  clear: () => void;
}

/**
 * UI-SAVE-01: while `dirty`, the input (`getValues()`) is written every 5 s, and when the page is
 * hidden or closed, under (user, business, screen). Opening the editor again offers it back.
 * `address` is null until the signed-in person is known. Sign-out removes every draft
 * (lib/sign-out.ts → lib/drafts.ts).
 */
export function useDraft<T>(options: {
  address: DraftAddress | null;
  dirty: boolean;
  getValues: () => T;
  /** The content version the form was loaded from (null for the create wizard). */
  baseVersion: number | null;
}): DraftControl<T> {
  const { address, dirty } = options;
  const [offered, setOffered] = useState<StoredDraft<T> | null>(() =>
    address ? readDraft<T>(address) : null,
  );
  // Latest values for the timers without re-arming them on every keystroke.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const addressKey = address ? `${address.userId}:${address.businessId}:${address.screen}` : null;
  const save = useCallback(() => {
    const { address: at, getValues, baseVersion } = latest.current;
    if (!at) return;
    writeDraft(at, { savedAt: new Date().toISOString(), baseVersion, values: getValues() });
  }, []);

  useEffect(() => {
    // Until the owner answers the prompt, the stored draft is theirs to keep: never overwrite it.
    if (!addressKey || !dirty || offered) return;
    const timer = window.setInterval(save, DRAFT_INTERVAL_MS);
    const onHide = () => {
      if (document.visibilityState === 'hidden') save();
    };
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [addressKey, dirty, offered, save]);

  return {
    offered,
    keep: () => {
      const draft = offered;
      setOffered(null);
      return draft;
    },
    discard: () => {
      if (address) removeDraft(address);
      setOffered(null);
    },
    clear: () => {
      if (address) removeDraft(address);
      setOffered(null);
    },
  };
}

/** "We kept changes you hadn't saved. [Keep] [Discard]" (UI-SAVE-01). */
export function DraftPrompt<T>({
  draft,
  onKeep,
}: {
  draft: DraftControl<T>;
  onKeep: (kept: StoredDraft<T>) => void;
}) {
  const { t, i18n } = useTranslation('config');
  if (!draft.offered) return null;
  return (
    <div
      role="region"
      aria-label={t('business.editor.draftTitle')}
      className="card mb-4 border-warning-800 bg-warning-50 p-4"
    >
      <p className="flex items-start gap-2 font-semibold">
        <History size={20} aria-hidden="true" className="mt-0.5 shrink-0" />
        {t('business.editor.draftBody', {
          date: formatDate(draft.offered.savedAt, i18n.resolvedLanguage ?? 'en'),
        })}
      </p>
      <div className="mt-3 flex gap-2">
        <button
          type="button"
          className="btn-primary"
          onClick={() => {
            const kept = draft.keep();
            if (kept) onKeep(kept);
          }}
        >
          {t('business.editor.draftKeep')}
        </button>
        <button type="button" className="btn-secondary" onClick={draft.discard}>
          {t('business.editor.draftDiscard')}
        </button>
      </div>
    </div>
  );
}
