import { redirectToSignIn } from '../auth/signIn';
import { ApiError, NETWORK_FAILURE, problemToError, unauthenticatedError } from './problem';

/**
 * The only way the SPA talks to Parley: same-origin `/api/**`, the session cookie (HttpOnly, sent by the browser)
 * and, on anything that changes state, the CSRF token from the `XSRF-TOKEN` cookie echoed in `X-XSRF-TOKEN`.
 * The browser never holds an access token: the gateway adds it when it forwards the call.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  const prefix = `${name}=`;
  const found = cookies.split(/;\s*/).find((cookie) => cookie.startsWith(prefix));
  return found === undefined ? null : decodeURIComponent(found.substring(prefix.length));
}

/** Headers every call carries; the CSRF one only where the gateway checks it. */
export function requestHeaders(method: string, cookies?: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    // the gateway answers 401 problem+json instead of a redirect to Keycloak's HTML for these
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (!SAFE_METHODS.has(method.toUpperCase())) {
    const token = readCookie('XSRF-TOKEN', cookies);
    if (token) {
      headers['X-XSRF-TOKEN'] = token;
    }
  }
  return headers;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Headers a call needs beyond the usual ones (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

export interface ApiDependencies {
  fetch: typeof fetch;
  /** Sends the browser to sign in; false when it cannot (sign-in keeps failing). */
  onUnauthenticated: () => boolean;
}

let redirecting = false;

/**
 * The page is on its way elsewhere (the sign-out form was submitted). Calls still in flight may now come back 401
 * (the session is gone); starting a sign-in then would cancel the sign-out navigation, and Keycloak's still-open
 * session would sign the person straight back in.
 */
export function leavingPage(): void {
  redirecting = true;
}

/**
 * Several calls may see the same expired session (the page's data and the bell's poll): the first one navigates,
 * the rest only wait for the page to unload.
 */
export function signInOnce(): boolean {
  if (!redirecting) {
    redirecting = redirectToSignIn();
  }
  return redirecting;
}

const defaults: ApiDependencies = {
  fetch: (...args) => window.fetch(...args),
  onUnauthenticated: signInOnce,
};

export async function api<T>(path: string, options: RequestOptions = {}, deps: ApiDependencies = defaults): Promise<T> {
  if (!path.startsWith('/api/')) {
    throw new Error(`The SPA calls /api/** only, not ${path}`);
  }
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = { ...options.headers, ...requestHeaders(method) };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await deps.fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw problemToError(NETWORK_FAILURE, null, '');
  }
  if (response.status === 401) {
    throw unauthenticatedError(deps.onUnauthenticated());
  }
  if (!response.ok) {
    throw problemToError(response.status, response.headers.get('Content-Type'), await response.text());
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export { ApiError };
