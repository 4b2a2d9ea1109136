import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGetPage, apiSend } from '../../lib/api';

/** One in-app notification (EP-ME-11); title and body are written in the person's language. */
export interface AppNotification {
  notification_id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export const notificationsKey = ['config', 'notifications'] as const;
const unreadKey = [...notificationsKey, 'unread'] as const;
const FIVE_MINUTES = 5 * 60_000;

/**
 * UI-NOTE-01 / UI-DASH-08: the unread count for the bell and the newest three unread for the home
 * screen, in one small request. Refreshed every 5 minutes while the page is visible (TanStack pauses
 * the interval in a hidden tab); the bell also refreshes it on navigation.
 */
export function useUnreadNotifications() {
  return useQuery({
    queryKey: unreadKey,
    queryFn: async ({ signal }) => {
      const page = await apiGetPage<AppNotification>('/users/me/notifications', {
        signal,
        query: { limit: 3, unread_only: 'true' },
      });
      const count = page.envelope.unread_count;
      return { latest: page.items, unread: typeof count === 'number' ? count : page.pagination.total };
    },
    refetchInterval: FIVE_MINUTES,
    refetchIntervalInBackground: false,
  });
}

/** EP-ME-12: marks some or all as read; every notification view then refreshes. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return async (ids: string[] | 'all') => {
    await apiSend('POST', '/users/me/notifications/read', ids === 'all' ? { all: true } : { ids });
    await queryClient.invalidateQueries({ queryKey: notificationsKey });
  };
}
