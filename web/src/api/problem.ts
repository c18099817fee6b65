/**
 * Turns an HTTP failure into a sentence a person understands. Services answer with RFC 9457 problem details;
 * their `detail` (or `title`) is written for people, so it wins. Bare statuses get our own wording: a person
 * should never read "HTTP 502" or see a blank page.
 */
export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetail | null;
  /** The browser is on its way to sign in again: callers show a calm status, not an error. */
  readonly signingIn: boolean;

  constructor(status: number, message: string, problem: ProblemDetail | null = null, signingIn = false) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.signingIn = signingIn;
  }
}

/** The 401 answer once sign-in has been attempted: either we are on the way there, or it keeps failing. */
export function unauthenticatedError(redirecting: boolean): ApiError {
  return redirecting
    ? new ApiError(401, 'Your session has ended. Taking you to sign in again…', null, true)
    : new ApiError(401, 'Signing in did not succeed. Close other Parley tabs, then sign in again.');
}

/** status 0: the request never got an answer (network down, gateway stopped). */
export const NETWORK_FAILURE = 0;

const CSRF_REJECTED = 'urn:parley:problem:csrf-rejected';

export function describeStatus(status: number): string {
  if (status === NETWORK_FAILURE) {
    return 'Parley cannot be reached. Check your connection and try again.';
  }
  if (status === 400 || status === 422) {
    return 'Some of what was sent is not valid. Check it and try again.';
  }
  if (status === 401) {
    return 'Your session has ended. Taking you to sign in again…';
  }
  if (status === 403) {
    return 'You do not have access to this.';
  }
  if (status === 404) {
    return 'This was not found. It may have been removed, or it is not available yet.';
  }
  if (status === 409) {
    return 'Someone changed this at the same time. Reload and try again.';
  }
  if (status === 413) {
    return 'This is too large to upload.';
  }
  if (status === 429) {
    return 'Too many requests in a short time. Wait a moment and try again.';
  }
  if (status === 502 || status === 503 || status === 504) {
    return 'This part of Parley is not available right now. Try again in a minute.';
  }
  if (status >= 500) {
    return 'Parley ran into a problem. Try again; if it keeps happening, tell your Parley contact.';
  }
  return `The request did not succeed (${status}).`;
}

function isProblem(value: unknown): value is ProblemDetail {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Builds the error from a response body already read as text (fetch and XHR share this). */
export function problemToError(status: number, contentType: string | null, body: string): ApiError {
  let problem: ProblemDetail | null = null;
  if (body && contentType && /json/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(body);
      problem = isProblem(parsed) ? parsed : null;
    } catch {
      problem = null; // a proxy's HTML error page labelled as JSON: fall back to our own words
    }
  }
  if (problem?.type === CSRF_REJECTED) {
    return new ApiError(status, 'The page was open too long to send this safely. Reload the page and try again.', problem);
  }
  const fromServer = text(problem?.detail) ?? text(problem?.title);
  // server-side 5xx titles ("Internal Server Error") say nothing to a person; our wording is better
  const message = status >= 500 || status === 401 || !fromServer ? describeStatus(status) : fromServer;
  return new ApiError(status, message, problem);
}
