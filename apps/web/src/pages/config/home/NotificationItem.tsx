import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkRead, type AppNotification } from '../../../components/config/notifications';
import { nairobiToday } from '../../../components/config/service-status';
import { formatDate } from '../../../lib/dates';
import { formatClock, nairobiNow } from '../../../lib/hours';

/** Today's notices show the time by the language's clock (UI-DS-20), older ones the date; both EAT. */
function when(iso: string, language: string): string {
  const date = new Date(iso);
  if (nairobiToday(date) !== nairobiToday()) return formatDate(iso, language);
  const { minutes } = nairobiNow(date);
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return formatClock(clock, language);
}

/** Only links into this app are followed in-app; anything else opens as a normal page load. */
function isAppPath(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//');
}

/**
 * UI-NOTE-01: one notice; unread ones are bold. Tapping marks it read and opens its screen; a notice
 * without a link is only marked read.
 */
export function NotificationItem({ notification }: { notification: AppNotification }) {
  const { t, i18n } = useTranslation('config');
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const unread = notification.read_at === null;
  const open = async () => {
    if (busy) return;
    setBusy(true);
    try {
      // A failed mark (offline) must not keep the owner from the screen the notice points to.
      if (unread) await markRead([notification.notification_id]).catch(() => undefined);
    } finally {
      setBusy(false);
    }
    const link = notification.link;
    if (!link) return;
    if (isAppPath(link)) void navigate(link);
    else window.location.assign(link);
  };
  return (
    <li>
      <button
        type="button"
        onClick={() => void open()}
        aria-busy={busy}
        data-testid="notification"
        data-unread={unread ? 'true' : 'false'}
        className="flex min-h-11 w-full items-start gap-3 rounded-xl px-3 py-3 text-left hover:bg-grey-50"
      >
        <span
          aria-hidden="true"
          className={`mt-2 size-2.5 shrink-0 rounded-full ${unread ? 'bg-brand-700' : 'bg-transparent'}`}
        />
        <span className="min-w-0 flex-1">
          <span className={`block break-words ${unread ? 'font-bold' : 'font-normal'}`}>
            {unread && <span className="sr-only">{t('shell.notifications.unreadPrefix')}</span>}
            {notification.title}
          </span>
          <span className={`block text-small break-words ${unread ? 'text-ink' : 'text-grey-600'}`}>
            {notification.body}
          </span>
          <span className="block text-small text-grey-600">
            {when(notification.created_at, i18n.resolvedLanguage ?? 'en')}
          </span>
        </span>
      </button>
    </li>
  );
}
