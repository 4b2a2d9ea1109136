import { useSyncExternalStore } from 'react';

/**
 * Whether the browser believes it has a connection (UI-PWA-11/12: offline banner, "Needs internet" on
 * WhatsApp/Directions/Website). `navigator.onLine` can say true on a dead link, never false on a live one,
 * so this only ever hides what surely cannot work.
 */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}
