import { fireEvent, render, screen, within } from '@testing-library/react';
import { UNREAD_CHANGED_EVENT } from '../notifications/unreadStream';
import { fakeApi, json, settle } from '../test/fakeApi';
import { InboxPage } from './InboxPage';

const PAGE = '/api/notifications?page=0&size=20';

function inbox(read: boolean) {
  return {
    items: [
      { id: 'n1', type: 'workspace.document.version-added', title: 'New document in Safer updates', label: 'TLP:AMBER', link: '#/workspaces/w1', createdAt: '2026-05-01T10:00:00Z', readAt: read ? '2026-05-01T11:00:00Z' : null },
      { id: 'n2', type: 'workspace.comment.posted', title: 'Grace mentioned you', label: null, link: null, createdAt: '2026-05-01T09:00:00Z', readAt: '2026-05-01T09:30:00Z' },
    ],
    page: 0,
    size: 20,
    total: 2,
  };
}

describe('InboxPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('marks one notification read and tells the bell', async () => {
    let read = false;
    const api = fakeApi({
      [`GET ${PAGE}`]: () => json(inbox(read)),
      'POST /api/notifications/n1/read': () => {
        read = true;
        return json(null, 204);
      },
    });
    const bell = vi.fn();
    window.addEventListener(UNREAD_CHANGED_EVENT, bell);
    render(<InboxPage page={0} />);
    await settle();
    const region = screen.getByRole('region', { name: 'Notifications' });
    expect(within(region).getAllByText('Unread')).toHaveLength(1);
    expect(within(region).getByText('TLP:AMBER')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /^Mark as read.*New document in Safer updates$/  }));
    await settle();
    await settle();
    window.removeEventListener(UNREAD_CHANGED_EVENT, bell);

    expect(api.sent('POST', '/api/notifications/n1/read')).toHaveLength(1);
    expect(bell).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Unread')).toBeNull();
  });

  it('marks all read at once', async () => {
    const api = fakeApi({ [`GET ${PAGE}`]: inbox(false), 'POST /api/notifications/read-all': () => json(null, 204) });
    render(<InboxPage page={0} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    await settle();
    expect(api.sent('POST', '/api/notifications/read-all')).toHaveLength(1);
  });
});
