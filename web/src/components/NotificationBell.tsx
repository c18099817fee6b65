import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { UnreadCount } from '../api/types';
import { subscribeUnread, type UnreadStreamOptions } from '../notifications/unreadStream';

/**
 * The unread count in the header, live over server-sent events (see `subscribeUnread` for reconnects and the
 * polling fallback). Its accessible name carries the count: "Notifications, 3 unread".
 */
export const POLL_INTERVAL_MS = 30_000;

type StreamTuning = Pick<
  UnreadStreamOptions,
  'createEventSource' | 'baseDelayMs' | 'maxDelayMs' | 'failuresBeforePolling' | 'retryStreamAfterMs'
>;

interface NotificationBellProps extends StreamTuning {
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

export function NotificationBell({ fetchUnread = defaultFetch, intervalMs = POLL_INTERVAL_MS, ...tuning }: NotificationBellProps) {
  const [unread, setUnread] = useState<number | null>(null);
  const { createEventSource, baseDelayMs, maxDelayMs, failuresBeforePolling, retryStreamAfterMs } = tuning;

  useEffect(
    () =>
      subscribeUnread({
        fetchUnread,
        onUnread: setUnread,
        pollMs: intervalMs,
        createEventSource,
        baseDelayMs,
        maxDelayMs,
        failuresBeforePolling,
        retryStreamAfterMs,
      }),
    [fetchUnread, intervalMs, createEventSource, baseDelayMs, maxDelayMs, failuresBeforePolling, retryStreamAfterMs],
  );

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
