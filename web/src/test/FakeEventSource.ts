/** Just enough EventSource to drive the bell: named events, open, errors with the browser's readyState. */
export class FakeEventSource {
  static created: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;

  readonly url: string;
  readyState = FakeEventSource.CONNECTING;
  closed = false;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.created.push(this);
  }

  static factory(): (url: string) => EventSource {
    return (url) => new FakeEventSource(url) as unknown as EventSource;
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.created[FakeEventSource.created.length - 1];
    if (!source) {
      throw new Error('no EventSource was created');
    }
    return source;
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }

  // --- what the test does to it ---

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatch('open', new Event('open'));
  }

  emit(type: string, data: unknown, lastEventId = '') {
    this.dispatch(type, new MessageEvent(type, { data: JSON.stringify(data), lastEventId }));
  }

  /** The connection dropped; `retrying` = the browser reconnects by itself (CONNECTING), else it gave up. */
  fail(retrying: boolean) {
    this.readyState = retrying ? FakeEventSource.CONNECTING : FakeEventSource.CLOSED;
    this.onerror?.(new Event('error'));
  }

  private dispatch(type: string, event: Event) {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(event);
    }
  }
}
