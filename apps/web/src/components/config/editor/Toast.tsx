import { CircleCheck } from 'lucide-react';
import { useEffect } from 'react';

/**
 * UI-SAVE-06: a short confirmation ("Saved ✓") that announces itself politely and goes away after a
 * few seconds. Render it with a `key` that changes per message so a second save shows it again.
 */
export function Toast({ message, onDone }: { message: string; onDone: () => void }) {
  useEffect(() => {
    const timer = window.setTimeout(onDone, 3500);
    return () => window.clearTimeout(timer);
  }, [onDone]);
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="toast"
      className="pointer-events-none fixed inset-x-0 top-4 z-50 flex justify-center px-4"
    >
      <p className="flex items-center gap-2 rounded-full bg-ink px-4 py-3 font-semibold text-white shadow-lg">
        <CircleCheck size={20} aria-hidden="true" />
        {message}
      </p>
    </div>
  );
}
