import type { NotificationPage } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading, Problem } from '../components/Problem';
import { href } from '../router';

export const PAGE_SIZE = 20;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : when.format(date);
}

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
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Inbox
      </h1>
      {inbox.state === 'loading' && <Loading what="Loading your notifications…" />}
      {inbox.state === 'error' && <Problem error={inbox.error} what="Your notifications could not be loaded." onRetry={inbox.reload} />}
      {inbox.state === 'ok' && inbox.data.total === 0 && (
        <div className="empty">
          <p>No notifications yet. New documents, comments and announcements in your workspaces will show up here.</p>
        </div>
      )}
      {inbox.state === 'ok' && inbox.data.total > 0 && <InboxList data={inbox.data} />}
    </>
  );
}

function InboxList({ data }: { data: NotificationPage }) {
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  return (
    <>
      <ul className="inbox" aria-label="Notifications">
        {data.items.map((item) => {
          const link = safeLink(item.link);
          const unread = item.readAt === null;
          return (
            <li key={item.id} className={unread ? 'inbox-item inbox-unread' : 'inbox-item'}>
              {unread && <span className="pill">Unread</span>}
              <span className="inbox-title">{link ? <a href={link}>{item.title}</a> : item.title}</span>
              <time className="inbox-time" dateTime={item.createdAt}>
                {formatWhen(item.createdAt)}
              </time>
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
