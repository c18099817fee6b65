import type { Notification, UnreadCount } from '../api/types';

/**
 * The live unread count: server-sent events from `/api/notifications/stream` (ADR 0009), with the polling of the
 * first version as the fallback.
 *
 * - While the stream is open, the server pushes `unread` (`{unread}`) and `notification` (an inbox item).
 * - A dropped connection that the browser retries by itself (readyState CONNECTING) is left to the browser: only
 *   the browser's own reconnect sends `Last-Event-ID`, so the server replays what was missed.
 * - When the browser gives up (readyState CLOSED: the gateway answered 401/5xx or something that is not a stream),
 *   we fetch the count once (through `api()`, which turns an ended session into a sign-in) and open a new stream
 *   after an exponential back-off. A new EventSource cannot carry `Last-Event-ID`; the count it starts with is the
 *   server's, and missed items are in the inbox anyway.
 * - After `failuresBeforePolling` errors in a row without the stream ever opening, we poll instead (proxies that
 *   buffer or cut streams exist) and try the stream again after `retryStreamAfterMs`.
 */
export const STREAM_URL = '/api/notifications/stream';

/** Fired on `window` for every pushed notification, so an open inbox can show it without polling. */
export const NOTIFICATION_EVENT = 'parley:notification';

/** Fired on `window` when this tab marked notifications read: the bell asks for the count at once. */
export const UNREAD_CHANGED_EVENT = 'parley:unread-changed';

export interface UnreadStreamOptions {
  fetchUnread: () => Promise<UnreadCount>;
  /** null: the count is not known right now. */
  onUnread: (unread: number | null) => void;
  onNotification?: (item: Notification) => void;
  /** Injected in tests; `new EventSource(url)` otherwise, or null where the browser has none. */
  createEventSource?: ((url: string) => EventSource) | null;
  baseDelayMs?: number;
  maxDelayMs?: number;
  failuresBeforePolling?: number;
  pollMs?: number;
  retryStreamAfterMs?: number;
}

export function backoffDelay(failures: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failures - 1));
}

function browserEventSource(): ((url: string) => EventSource) | null {
  return typeof window !== 'undefined' && typeof window.EventSource === 'function'
    ? (url) => new window.EventSource(url)
    : null;
}

function unreadOf(answer: unknown): number | null {
  const value = Number((answer as Partial<UnreadCount> | null)?.unread);
  return Number.isFinite(value) ? Math.max(0, Math.floor(value)) : null;
}

/** Starts listening; the returned function stops everything (stream, timers, polling). */
export function subscribeUnread(options: UnreadStreamOptions): () => void {
  const {
    fetchUnread,
    onUnread,
    onNotification,
    baseDelayMs = 1_000,
    maxDelayMs = 30_000,
    failuresBeforePolling = 5,
    pollMs = 30_000,
    retryStreamAfterMs = 300_000,
  } = options;
  const createEventSource = options.createEventSource === undefined ? browserEventSource() : options.createEventSource;

  let stopped = false;
  let source: EventSource | null = null;
  let failures = 0;
  let reconnectTimer: number | undefined;
  let pollTimer: number | undefined;
  let retryTimer: number | undefined;

  const refresh = () => {
    if (stopped || document.visibilityState === 'hidden') {
      return;
    }
    fetchUnread().then(
      (answer) => !stopped && onUnread(unreadOf(answer)),
      () => !stopped && onUnread(null),
    );
  };

  const closeSource = () => {
    source?.close();
    source = null;
  };

  const startPolling = (refreshNow: boolean) => {
    closeSource();
    if (refreshNow) {
      refresh();
    }
    pollTimer = window.setInterval(refresh, pollMs);
    document.addEventListener('visibilitychange', refresh);
    retryTimer = window.setTimeout(() => {
      stopPolling();
      // one more failure goes straight back to polling
      failures = failuresBeforePolling - 1;
      open();
    }, retryStreamAfterMs);
  };

  const stopPolling = () => {
    window.clearInterval(pollTimer);
    window.clearTimeout(retryTimer);
    pollTimer = undefined;
    retryTimer = undefined;
    document.removeEventListener('visibilitychange', refresh);
  };

  const open = () => {
    if (stopped) {
      return;
    }
    if (!createEventSource) {
      startPolling(false);
      return;
    }
    const current = createEventSource(STREAM_URL);
    source = current;
    current.addEventListener('open', () => {
      failures = 0;
    });
    current.addEventListener('unread', (event) => {
      const unread = unreadOf(parse((event as MessageEvent).data));
      if (unread !== null) {
        onUnread(unread);
      }
    });
    current.addEventListener('notification', (event) => {
      const item = parse((event as MessageEvent).data) as Notification | null;
      if (item) {
        onNotification?.(item);
        window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: item }));
      }
    });
    current.onerror = () => {
      if (stopped || source !== current) {
        return;
      }
      failures += 1;
      if (failures >= failuresBeforePolling) {
        startPolling(true);
        return;
      }
      if (current.readyState === EVENT_SOURCE_CLOSED) {
        closeSource();
        refresh();
        reconnectTimer = window.setTimeout(open, backoffDelay(failures, baseDelayMs, maxDelayMs));
      }
      // CONNECTING: the browser retries by itself and sends Last-Event-ID
    };
  };

  refresh();
  open();
  window.addEventListener(UNREAD_CHANGED_EVENT, refresh);

  return () => {
    stopped = true;
    window.removeEventListener(UNREAD_CHANGED_EVENT, refresh);
    window.clearTimeout(reconnectTimer);
    stopPolling();
    closeSource();
  };
}

/** EventSource.CLOSED, spelled out so that environments without EventSource can load this module. */
const EVENT_SOURCE_CLOSED = 2;

function parse(data: unknown): unknown {
  if (typeof data !== 'string') {
    return null;
  }
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
