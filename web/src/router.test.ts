import { href, parseHash, routeTitle } from './router';

describe('hash router', () => {
  it('treats the bare start page as My workspaces (the gateway lands on /)', () => {
    expect(parseHash('')).toEqual({ name: 'workspaces' });
    expect(parseHash('#/')).toEqual({ name: 'workspaces' });
    expect(parseHash('#/workspaces/')).toEqual({ name: 'workspaces' });
  });

  it('reads the inbox page and ignores nonsense page numbers', () => {
    expect(parseHash('#/inbox?page=3')).toEqual({ name: 'inbox', page: 3 });
    expect(parseHash('#/inbox?page=-1')).toEqual({ name: 'inbox', page: 0 });
    expect(parseHash('#/inbox?page=abc')).toEqual({ name: 'inbox', page: 0 });
  });

  it('round-trips every route through href', () => {
    for (const route of [{ name: 'workspaces' }, { name: 'inbox', page: 0 }, { name: 'inbox', page: 4 }, { name: 'profile' }] as const) {
      expect(parseHash(href(route))).toEqual(route);
    }
  });

  it('reads the invitation link token from the fragment, and nothing that is not a token', () => {
    expect(parseHash('#/invitation/abc_DEF-123')).toEqual({ name: 'invitation', token: 'abc_DEF-123' });
    expect(parseHash(href({ name: 'invitation', token: 'xyz' }))).toEqual({ name: 'invitation', token: 'xyz' });
    expect(parseHash('#/invitation/a%2Fb').name).toBe('not-found');
    expect(parseHash('#/invitation/').name).toBe('not-found');
  });

  it('names unknown paths instead of showing an empty page', () => {
    const route = parseHash('#/nowhere');
    expect(route).toEqual({ name: 'not-found', path: '/nowhere' });
    expect(routeTitle(route)).toBe('Page not found');
  });
});
