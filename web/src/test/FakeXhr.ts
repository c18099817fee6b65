/** Just enough XMLHttpRequest to drive uploads from a test: progress, answers, network errors and abort. */
export class FakeXhr {
  static created: FakeXhr[] = [];

  method = '';
  url = '';
  requestHeaders: Record<string, string> = {};
  body: unknown = undefined;
  sent = false;
  aborted = false;
  status = 0;
  responseText = '';
  private responseHeaders: Record<string, string> = {};

  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;

  constructor() {
    FakeXhr.created.push(this);
  }

  static latest(): FakeXhr {
    const xhr = FakeXhr.created[FakeXhr.created.length - 1];
    if (!xhr) {
      throw new Error('no XMLHttpRequest was created');
    }
    return xhr;
  }

  static factory(): () => XMLHttpRequest {
    return () => new FakeXhr() as unknown as XMLHttpRequest;
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name] = value;
  }

  send(body: unknown) {
    this.sent = true;
    this.body = body;
  }

  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  // --- what the test does to it ---

  progress(loaded: number, total: number | null) {
    this.upload.onprogress?.({ loaded, total: total ?? 0, lengthComputable: total !== null } as ProgressEvent);
  }

  respond(status: number, body: unknown, contentType = 'application/json') {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.responseHeaders = { 'content-type': contentType };
    this.onload?.();
  }

  failNetwork() {
    this.onerror?.();
  }
}
