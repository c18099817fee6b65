import { act, render, screen } from '@testing-library/react';
import { backoffDelay, NOTIFICATION_EVENT } from '../notifications/unreadStream';
import { FakeEventSource } from '../test/FakeEventSource';
import { bellLabel, NotificationBell } from './NotificationBell';

describe('NotificationBell', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function flush() {
    await act(async () => {
      await Promise.resolve();
    });
  }

  it('shows the unread count and refreshes it on every poll', async () => {
    const answers = [{ unread: 2 }, { unread: 5 }];
    const fetchUnread = vi.fn(async () => answers.shift() ?? { unread: 0 });
    render(<NotificationBell fetchUnread={fetchUnread} intervalMs={1000} />);
    await flush();
    const bell = screen.getByRole('link');
    expect(bell.getAttribute('aria-label')).toBe('Notifications, 2 unread');
    expect(bell.textContent).toBe('2');

    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    await flush();
    expect(screen.getByRole('link').getAttribute('aria-label')).toBe('Notifications, 5 unread');
    expect(fetchUnread).toHaveBeenCalledTimes(2);
  });

  it('shows no badge for zero, and 99+ for very many', async () => {
    const fetchUnread = vi.fn().mockResolvedValueOnce({ unread: 0 }).mockResolvedValueOnce({ unread: 250 });
    render(<NotificationBell fetchUnread={fetchUnread} intervalMs={1000} />);
    await flush();
    expect(screen.getByRole('link').textContent).toBe('');
    expect(screen.getByRole('link').getAttribute('aria-label')).toBe('Notifications, none unread');
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    await flush();
    expect(screen.getByRole('link').textContent).toBe('99+');
  });

  it('says the count is unavailable when the call fails, rather than a stale or zero count', async () => {
    const fetchUnread = vi.fn().mockResolvedValueOnce({ unread: 3 }).mockRejectedValueOnce(new Error('down'));
    render(<NotificationBell fetchUnread={fetchUnread} intervalMs={1000} />);
    await flush();
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    await flush();
    expect(screen.getByRole('link').getAttribute('aria-label')).toBe(bellLabel(null));
    expect(screen.getByRole('link').textContent).toBe('');
  });

  it('stops polling when it leaves the page', async () => {
    const fetchUnread = vi.fn(async () => ({ unread: 1 }));
    const { unmount } = render(<NotificationBell fetchUnread={fetchUnread} intervalMs={1000} />);
    await flush();
    unmount();
    vi.advanceTimersByTime(5000);
    expect(fetchUnread).toHaveBeenCalledTimes(1);
  });

  it('links to the inbox', () => {
    render(<NotificationBell fetchUnread={() => new Promise(() => {})} />);
    expect(screen.getByRole('link').getAttribute('href')).toBe('#/inbox');
  });
});

describe('NotificationBell over server-sent events', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.created = [];
  });
  afterEach(() => vi.useRealTimers());

  async function flush() {
    await act(async () => {
      await Promise.resolve();
    });
  }

  function bell() {
    return screen.getByRole('link').getAttribute('aria-label');
  }

  function renderBell(fetchUnread: () => Promise<{ unread: number }>) {
    return render(
      <NotificationBell
        fetchUnread={fetchUnread}
        createEventSource={FakeEventSource.factory()}
        baseDelayMs={1000}
        maxDelayMs={8000}
        failuresBeforePolling={4}
        intervalMs={30_000}
        retryStreamAfterMs={300_000}
      />,
    );
  }

  it('subscribes to the stream and follows the pushed unread count without polling', async () => {
    const fetchUnread = vi.fn(async () => ({ unread: 1 }));
    renderBell(fetchUnread);
    await flush();
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/notifications/stream');
    expect(bell()).toBe('Notifications, 1 unread');

    act(() => {
      source.open();
      source.emit('unread', { unread: 3 }, '17');
    });
    expect(bell()).toBe('Notifications, 3 unread');
    act(() => source.emit('unread', { unread: 0 }));
    expect(bell()).toBe('Notifications, none unread');

    await act(async () => {
      vi.advanceTimersByTime(120_000);
    });
    expect(fetchUnread).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.created).toHaveLength(1);
  });

  it('tells an open inbox about each pushed notification', async () => {
    renderBell(async () => ({ unread: 0 }));
    await flush();
    const seen = vi.fn();
    window.addEventListener(NOTIFICATION_EVENT, seen);
    act(() => FakeEventSource.latest().emit('notification', { id: 'n1', title: 'New document' }, '18'));
    window.removeEventListener(NOTIFICATION_EVENT, seen);
    expect(seen).toHaveBeenCalledTimes(1);
    expect((seen.mock.calls[0][0] as CustomEvent).detail).toMatchObject({ id: 'n1' });
  });

  it('leaves a dropped connection to the browser, which reconnects with Last-Event-ID by itself', async () => {
    renderBell(async () => ({ unread: 0 }));
    const source = FakeEventSource.latest();
    act(() => source.open());
    act(() => source.fail(true));
    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    expect(FakeEventSource.created).toHaveLength(1);
    expect(source.closed).toBe(false);
    act(() => {
      source.open();
      source.emit('unread', { unread: 4 });
    });
    expect(bell()).toBe('Notifications, 4 unread');
  });

  it('re-subscribes with a growing back-off when the browser gives up, and refetches the count meanwhile', async () => {
    const fetchUnread = vi.fn(async () => ({ unread: 2 }));
    renderBell(fetchUnread);
    await flush();

    act(() => FakeEventSource.latest().fail(false));
    expect(FakeEventSource.created[0].closed).toBe(true);
    expect(fetchUnread).toHaveBeenCalledTimes(2);
    await act(async () => {
      vi.advanceTimersByTime(999);
    });
    expect(FakeEventSource.created).toHaveLength(1);
    await act(async () => {
      vi.advanceTimersByTime(1);
    });
    expect(FakeEventSource.created).toHaveLength(2);

    // second failure in a row: twice the wait
    act(() => FakeEventSource.latest().fail(false));
    await act(async () => {
      vi.advanceTimersByTime(1999);
    });
    expect(FakeEventSource.created).toHaveLength(2);
    await act(async () => {
      vi.advanceTimersByTime(1);
    });
    expect(FakeEventSource.created).toHaveLength(3);

    // the new subscription works: the count follows it again
    act(() => {
      FakeEventSource.latest().open();
      FakeEventSource.latest().emit('unread', { unread: 7 });
    });
    expect(bell()).toBe('Notifications, 7 unread');

    // opening reset the back-off: the next failure waits the base delay again
    act(() => FakeEventSource.latest().fail(false));
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(FakeEventSource.created).toHaveLength(4);
  });

  it('falls back to polling when the stream fails again and again, then tries the stream later', async () => {
    const fetchUnread = vi.fn(async () => ({ unread: 5 }));
    renderBell(fetchUnread);
    await flush();
    for (let failure = 0; failure < 4; failure += 1) {
      act(() => FakeEventSource.latest().fail(true));
    }
    expect(FakeEventSource.latest().closed).toBe(true);
    const callsWhenPollingStarted = fetchUnread.mock.calls.length;

    await act(async () => {
      vi.advanceTimersByTime(90_000);
    });
    expect(fetchUnread.mock.calls.length - callsWhenPollingStarted).toBe(3);
    expect(FakeEventSource.created).toHaveLength(1);
    expect(bell()).toBe('Notifications, 5 unread');

    await act(async () => {
      vi.advanceTimersByTime(210_000);
    });
    expect(FakeEventSource.created).toHaveLength(2);
    expect(FakeEventSource.latest().closed).toBe(false);
  });

  it('closes the stream when it leaves the page', () => {
    const { unmount } = renderBell(async () => ({ unread: 0 }));
    unmount();
    expect(FakeEventSource.latest().closed).toBe(true);
  });

  it('waits at most the longest back-off', () => {
    expect(backoffDelay(1, 1000, 30_000)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000)).toBe(4000);
    expect(backoffDelay(12, 1000, 30_000)).toBe(30_000);
  });
});
