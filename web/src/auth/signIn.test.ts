import { isSafeReturnPath, LOGIN_PATH, LOOP_WINDOW_MS, MAX_ATTEMPTS, redirectToSignIn, signInSucceeded, takeReturnPath, type SignInEnvironment } from './signIn';

function environment(path: string, search = '', hash = '', start = 1_000_000): SignInEnvironment & { assigned: string[]; clock: { now: number } } {
  const assigned: string[] = [];
  const clock = { now: start };
  return {
    storage: window.sessionStorage,
    location: { pathname: path, search, hash, assign: (url: string) => assigned.push(url) },
    now: () => clock.now,
    assigned,
    clock,
  };
}

describe('sign-in redirect', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('goes to the gateway login and remembers where the person was', () => {
    const env = environment('/', '', '#/inbox?page=2');
    expect(redirectToSignIn(env)).toBe(true);
    expect(env.assigned).toEqual([LOGIN_PATH]);
    expect(takeReturnPath()).toBe('/#/inbox?page=2');
  });

  it('forgets the place once it has been taken', () => {
    redirectToSignIn(environment('/', '', '#/profile'));
    takeReturnPath();
    expect(takeReturnPath()).toBeNull();
  });

  it('lets a person go back from the sign-in page and try again straight away', () => {
    const env = environment('/', '', '#/inbox');
    expect(redirectToSignIn(env)).toBe(true);
    env.clock.now += 500;
    expect(redirectToSignIn(env)).toBe(true);
    expect(env.assigned).toHaveLength(2);
  });

  it('stops bouncing when sign-in does not stick, until the loop window has passed or a sign-in succeeded', () => {
    const env = environment('/', '', '#/inbox');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(redirectToSignIn(env)).toBe(true);
      env.clock.now += 1_000;
    }
    expect(redirectToSignIn(env)).toBe(false);
    expect(env.assigned).toHaveLength(MAX_ATTEMPTS);

    env.clock.now += LOOP_WINDOW_MS;
    expect(redirectToSignIn(env)).toBe(true);

    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      redirectToSignIn(env);
    }
    signInSucceeded();
    expect(redirectToSignIn(env)).toBe(true);
  });

  it('does not remember the failed-sign-in page as the place to return to', () => {
    redirectToSignIn(environment('/', '?error=login'));
    expect(takeReturnPath()).toBeNull();
  });

  it('never returns to another origin, whatever was stored', () => {
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      window.sessionStorage.setItem('parley.returnTo', evil);
      expect(takeReturnPath()).toBeNull();
    }
    expect(isSafeReturnPath('/#/workspaces')).toBe(true);
  });
});
