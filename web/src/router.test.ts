import { href, parseHash, routeTitle, section } from './router';

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

describe('hash router: workspace pages', () => {
  it('reads a workspace, its sections and a document', () => {
    expect(parseHash('#/workspaces/3c4d-5e6f')).toEqual({ name: 'workspace', id: '3c4d-5e6f', section: 'documents' });
    expect(parseHash('#/workspaces/w1/members')).toEqual({ name: 'workspace', id: 'w1', section: 'members' });
    expect(parseHash('#/workspaces/w1/audit')).toEqual({ name: 'workspace', id: 'w1', section: 'audit' });
    expect(parseHash('#/workspaces/w1/documents/d1')).toEqual({ name: 'document', workspaceId: 'w1', documentId: 'd1' });
    expect(parseHash('#/workspaces/w1/nonsense').name).toBe('not-found');
    expect(parseHash('#/workspaces/..%2F..%2Fidentity').name).toBe('not-found');
  });

  it('round-trips the other pages through href', () => {
    const routes = [
      { name: 'workspace', id: 'w1', section: 'documents' },
      { name: 'workspace', id: 'w1', section: 'announcements' },
      { name: 'document', workspaceId: 'w1', documentId: 'd2' },
      { name: 'search', q: 'boot loop & rollback' },
      { name: 'preferences' },
      { name: 'organisation', id: null },
      { name: 'organisation', id: 'acme-security' },
      { name: 'admin' },
      { name: 'owed' },
      { name: 'audit', workspaceId: null },
      { name: 'audit', workspaceId: 'w9' },
    ] as const;
    for (const route of routes) {
      expect(parseHash(href(route))).toEqual(route);
    }
  });
});

describe('hash router: rollouts', () => {
  it('reads the board with its filters, the declare form, a release and the calendar', () => {
    expect(parseHash('#/rollouts')).toEqual({ name: 'rollouts', workspaceId: null, state: null });
    expect(parseHash('#/rollouts?workspace=w1&state=HALTED')).toEqual({ name: 'rollouts', workspaceId: 'w1', state: 'HALTED' });
    expect(parseHash('#/rollouts/new')).toEqual({ name: 'release-declare' });
    expect(parseHash('#/rollouts/releases/6f1c2a4e-0000-4000-8000-00000000000a')).toEqual({ name: 'release', id: '6f1c2a4e-0000-4000-8000-00000000000a' });
    expect(parseHash('#/rollouts/calendar')).toEqual({ name: 'rollout-calendar' });
    expect(routeTitle(parseHash('#/rollouts/calendar'))).toBe('Release calendar');
  });

  it('drops filters it does not know and refuses ids that are not ids', () => {
    expect(parseHash('#/rollouts?workspace=..%2Fidentity&state=EXPLODED')).toEqual({ name: 'rollouts', workspaceId: null, state: null });
    expect(parseHash('#/rollouts/releases/..%2F..%2Fidentity').name).toBe('not-found');
    expect(parseHash('#/rollouts/releases/').name).toBe('not-found');
  });

  it('round-trips the rollout pages through href and files them under Rollouts', () => {
    const routes = [
      { name: 'rollouts', workspaceId: null, state: null },
      { name: 'rollouts', workspaceId: 'w1', state: null },
      { name: 'rollouts', workspaceId: null, state: 'IN_RING' },
      { name: 'release-declare' },
      { name: 'release', id: 'r1' },
      { name: 'rollout-calendar' },
    ] as const;
    for (const route of routes) {
      expect(parseHash(href(route))).toEqual(route);
      expect(section(route)).toBe('rollouts');
    }
  });
});
