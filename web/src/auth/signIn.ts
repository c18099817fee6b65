/**
 * Where the browser goes when the session has ended, and how it finds its way back. The gateway always returns
 * to `/` after a successful sign-in, so the SPA keeps the place the person was in sessionStorage (this tab only,
 * gone when the tab closes) and restores it on the next load.
 */
export const LOGIN_PATH = '/oauth2/authorization/keycloak';

const RETURN_TO = 'parley.returnTo';
const ATTEMPTS = 'parley.signInAttempts';

/**
 * A sign-in that does not stick (cookies blocked, clock skew) would bounce between Parley and Keycloak forever,
 * each round in about a second. A person going back to Parley from the sign-in page makes a second attempt, not a
 * third within seconds: after MAX_ATTEMPTS within LOOP_WINDOW_MS without a successful sign-in, stop and say so.
 */
export const MAX_ATTEMPTS = 3;
export const LOOP_WINDOW_MS = 20_000;

interface Place {
  pathname: string;
  search: string;
  hash: string;
}

export interface SignInEnvironment {
  storage: Storage;
  location: Place & { assign(url: string): void };
  now(): number;
}

function browser(): SignInEnvironment {
  return { storage: window.sessionStorage, location: window.location, now: () => Date.now() };
}

/** Only a path on this origin: never `//evil.example` or `https://…`, so the stored value cannot redirect away. */
export function isSafeReturnPath(path: string | null): path is string {
  return !!path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/**
 * Sends the browser to sign in, remembering where it was. Returns false (and does nothing) when sign-in keeps
 * failing: then the caller shows a message instead of bouncing forever.
 */
export function redirectToSignIn(env: SignInEnvironment = browser()): boolean {
  const now = env.now();
  const recent = readAttempts(env.storage).filter((at) => now - at < LOOP_WINDOW_MS);
  if (recent.length >= MAX_ATTEMPTS) {
    return false;
  }
  env.storage.setItem(ATTEMPTS, JSON.stringify([...recent, now]));
  const here = env.location.pathname + env.location.search + env.location.hash;
  // a failed sign-in lands on /?error=login: do not send them back there once it works
  if (!new URLSearchParams(env.location.search).has('error')) {
    env.storage.setItem(RETURN_TO, here);
  }
  env.location.assign(LOGIN_PATH);
  return true;
}

/** The place to go back to after signing in, once: reading it forgets it. */
export function takeReturnPath(storage: Storage = window.sessionStorage): string | null {
  const path = storage.getItem(RETURN_TO);
  storage.removeItem(RETURN_TO);
  return isSafeReturnPath(path) ? path : null;
}

/** Signed in for real: a later expiry may redirect again straight away. */
export function signInSucceeded(storage: Storage = window.sessionStorage): void {
  storage.removeItem(ATTEMPTS);
}

function readAttempts(storage: Storage): number[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(ATTEMPTS) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((at): at is number => typeof at === 'number') : [];
  } catch {
    return [];
  }
}
