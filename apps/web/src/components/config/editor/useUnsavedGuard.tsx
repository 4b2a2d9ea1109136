import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from './ConfirmDialog';

/** A same-site link the app would follow itself, or null for links the guard leaves alone. */
function inAppTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement)) return null;
  if (link.target && link.target !== '_self') return null;
  if (link.hasAttribute('download')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  // Jumping to an anchor on the same screen (the checklist's #tagline) leaves nothing behind.
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return url.pathname + url.search + url.hash;
}

/**
 * UI-SAVE-02: leaving an editor with unsaved changes asks first — links inside the app (navigation,
 * header, any link on the screen) and closing or reloading the tab (the browser's own question).
 * The app uses React Router's declarative mode, which cannot block history changes, so the browser's
 * Back button is not asked about; the draft (useDraft) still keeps the input then.
 *
 * Render the returned element once in the editor.
 */
export function useUnsavedGuard(dirty: boolean): ReactNode {
  const { t } = useTranslation('config');
  const navigate = useNavigate();
  const [target, setTarget] = useState<string | null>(null);
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers only ask when returnValue is set.
      event.returnValue = '';
    };
    // Capture phase on the document: runs before React Router's own click handler on the link.
    const onClick = (event: MouseEvent) => {
      const href = inAppTarget(event);
      if (!href || !dirtyRef.current) return;
      event.preventDefault();
      event.stopPropagation();
      setTarget(href);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);

  return (
    <ConfirmDialog
      open={target !== null}
      title={t('business.editor.leaveTitle')}
      onClose={() => setTarget(null)}
      actions={
        <>
          <button type="button" className="btn-secondary" onClick={() => setTarget(null)}>
            {t('business.editor.keepEditing')}
          </button>
          <button
            type="button"
            className="btn-danger"
            onClick={() => {
              const href = target;
              setTarget(null);
              // The listener would ask again; this one navigation is the answer.
              dirtyRef.current = false;
              if (href) void navigate(href);
            }}
          >
            {t('business.editor.leaveConfirm')}
          </button>
        </>
      }
    >
      <p>{t('business.editor.leaveBody')}</p>
    </ConfirmDialog>
  );
}
