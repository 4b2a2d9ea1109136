import { useEffect } from 'react';
import { useLocation } from 'react-router';
import type { AppLanguage } from '../../../i18n/language';

/** Anchors the overview's checklist links to (UI-DASH-16) that live inside the English tab. */
const ENGLISH_TAB = new Set(['tagline', 'description', 'services']);

/**
 * `…/profile#hours` and the other checklist links: the router does not scroll to a fragment, and
 * fields inside the language tabs are hidden until their tab is chosen, so pick the tab (#languages
 * opens the first one after English, where a second language is written) and bring the target into
 * view once it is on screen.
 */
export function useHashTarget(selectLanguage: (language: AppLanguage) => void): void {
  const { hash } = useLocation();
  useEffect(() => {
    const id = decodeURIComponent(hash.replace(/^#/, ''));
    if (!id) return;
    if (ENGLISH_TAB.has(id)) selectLanguage('en');
    if (id === 'languages') selectLanguage('sw');
    const frame = window.requestAnimationFrame(() => {
      const target = document.getElementById(id);
      if (!target) return;
      target.scrollIntoView({ block: 'start' });
      const field = Array.from(target.querySelectorAll<HTMLElement>('input, textarea, select')).find(
        (candidate) => candidate.getClientRects().length > 0,
      );
      field?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [hash, selectLanguage]);
}
