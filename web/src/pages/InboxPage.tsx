import { useEffect } from 'react';
import { api } from '../api/client';
import type { NotificationPage } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { NOTIFICATION_EVENT, UNREAD_CHANGED_EVENT } from '../notifications/unreadStream';
import { href } from '../router';

export const PAGE_SIZE = 20;

/** Links in notifications come from our services, but only same-origin places are ever made clickable. */
export function safeLink(link: string | null | undefined): string | null {
  if (!link) {
    return null;
  }
  if (link.startsWith('#/')) {
    return link;
  }
  if (link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\')) {
    return link;
  }
  return null;
}

export function InboxPage({ page }: { page: number }) {
  const inbox = useApi<NotificationPage>(`/api/notifications?page=${page}&size=${PAGE_SIZE}`);
  const { reload } = inbox;
  // a pushed notification (the bell's stream) shows up at once on the first page
  useEffect(() => {
    if (page !== 0) {
      return undefined;
    }
    window.addEventListener(NOTIFICATION_EVENT, reload);
    return () => window.removeEventListener(NOTIFICATION_EVENT, reload);
  }, [page, reload]);
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Inbox
      </h1>
      <p className="hint">
        <a href={href({ name: 'preferences' })}>Choose how you are notified</a>
      </p>
      <section aria-label="Notifications">
        {inbox.state === 'loading' && <Loading what="Loading your notifications…" />}
        {inbox.state === 'error' && <Problem error={inbox.error} what="Your notifications could not be loaded." onRetry={inbox.reload} />}
        {inbox.state === 'ok' && inbox.data.total === 0 && (
          <div className="empty">
            <p>No notifications yet. New documents, comments and announcements in your workspaces will show up here.</p>
          </div>
        )}
        {inbox.state === 'ok' && inbox.data.total > 0 && <InboxList data={inbox.data} reload={inbox.reload} />}
      </section>
    </>
  );
}

function InboxList({ data, reload }: { data: NotificationPage; reload: () => void }) {
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  const mark = useAction();
  const anyUnread = data.items.some((item) => item.readAt === null);

  async function post(path: string) {
    if (await mark.run(() => api<void>(path, { method: 'POST' }))) {
      window.dispatchEvent(new Event(UNREAD_CHANGED_EVENT));
      reload();
    }
  }

  return (
    <>
      <p className="actions">
        <button type="button" className="button-secondary" disabled={mark.busy || !anyUnread} onClick={() => post('/api/notifications/read-all')}>
          Mark all as read
        </button>
      </p>
      {mark.error && <Problem error={mark.error} what="The notifications were not marked as read." />}
      <ul className="inbox">
        {data.items.map((item) => {
          const link = safeLink(item.link);
          const unread = item.readAt === null;
          return (
            <li key={item.id} className={unread ? 'inbox-item inbox-unread' : 'inbox-item'}>
              {unread && <span className="pill">Unread</span>}
              {item.label && <TlpBadge label={item.label} />}
              <span className="inbox-title">{link ? <a href={link}>{item.title}</a> : item.title}</span>
              <time className="inbox-time" dateTime={item.createdAt}>
                {formatWhen(item.createdAt)}
              </time>
              {unread && (
                <button
                  type="button"
                  className="button-secondary button-small"
                  disabled={mark.busy}
                  onClick={() => post(`/api/notifications/${encodeURIComponent(item.id)}/read`)}
                >
                  Mark as read<span className="visually-hidden">: {item.title}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {pages > 1 && (
        <nav className="pager" aria-label="Inbox pages">
          {data.page > 0 ? <a href={href({ name: 'inbox', page: data.page - 1 })}>Newer</a> : <span />}
          <span>
            Page {data.page + 1} of {pages}
          </span>
          {data.page + 1 < pages ? <a href={href({ name: 'inbox', page: data.page + 1 })}>Older</a> : <span />}
        </nav>
      )}
    </>
  );
}
