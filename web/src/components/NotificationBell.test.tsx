import { act, render, screen } from '@testing-library/react';
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
