import { act, render, screen } from '@testing-library/react';
import { App } from './App';

// its own file: the API client's "already redirecting / leaving" state is per page load, i.e. per test file here
describe('App when the session has ended', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the session has ended, goes to sign in and remembers the page', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, pathname: '/', search: '', hash: '#/inbox', assign });
    vi.stubGlobal('fetch', vi.fn(async () => json({ type: 'urn:parley:problem:unauthenticated' }, 401)));
    render(<App />);
    await settle();
    expect(assign).toHaveBeenCalledWith('/oauth2/authorization/keycloak');
    expect(window.sessionStorage.getItem('parley.returnTo')).toBe('/#/inbox');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
