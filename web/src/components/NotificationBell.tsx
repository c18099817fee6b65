import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { UnreadCount } from '../api/types';

/**
 * The unread count, polled for now (server-sent events replace the polling with the notifications issue). It
 * also refreshes when the tab becomes visible again, and not while it is hidden: a background tab should cost
 * the services nothing.
 */
export const POLL_INTERVAL_MS = 30_000;

interface NotificationBellProps {
  fetchUnread?: () => Promise<UnreadCount>;
  intervalMs?: number;
}

const defaultFetch = () => api<UnreadCount>('/api/notifications/unread-count');

export function bellLabel(unread: number | null): string {
  if (unread === null) {
    return 'Notifications (unread count not available)';
  }
  if (unread === 0) {
    return 'Notifications, none unread';
  }
  return `Notifications, ${unread} unread`;
}

export function NotificationBell({ fetchUnread = defaultFetch, intervalMs = POLL_INTERVAL_MS }: NotificationBellProps) {
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = () => {
      if (document.visibilityState === 'hidden') {
        return;
      }
      fetchUnread().then(
        (answer) => live && setUnread(Math.max(0, Number(answer.unread) || 0)),
        () => live && setUnread(null),
      );
    };
    refresh();
    const timer = window.setInterval(refresh, intervalMs);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      live = false;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [fetchUnread, intervalMs]);

  return (
    <a className="bell" href="#/inbox" aria-label={bellLabel(unread)} title={bellLabel(unread)}>
      <svg className="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread !== null && unread > 0 && (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
