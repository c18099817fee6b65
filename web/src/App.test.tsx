import { act, fireEvent, render, screen } from '@testing-library/react';
import { App } from './App';

const me = {
  id: 'u1',
  name: 'Pat Partner',
  email: 'pat@acme.example',
  organisation: 'acme-security',
  organisationType: 'VENDOR',
  roles: ['member', 'default-roles-parley'],
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function serve(routes: Record<string, () => Response>) {
  const fetch = vi.fn(async (path: string) => {
    const key = Object.keys(routes).find((prefix) => path.startsWith(prefix));
    return key ? routes[key]() : json({ title: 'Not Found' }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('App', () => {
  beforeEach(() => {
    window.location.hash = '';
    window.sessionStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows who is signed in, their organisation, the bell and their workspaces', async () => {
    serve({
      '/api/identity/me': () => json(me),
      '/api/notifications/unread-count': () => json({ unread: 3 }),
      '/api/workspaces': () => json([{ id: 'w1', name: 'Safer updates', purpose: 'Staged rollouts', myRole: 'CONTRIBUTOR' }]),
    });
    render(<App />);
    await settle();

    expect(document.getElementById('user-name')?.textContent).toBe('Pat Partner');
    expect(screen.getByText('acme-security · Security partner')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Notifications, 3 unread' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'My workspaces' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Safer updates' })).toBeTruthy();
    expect(screen.getByText('Contributor')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My workspaces' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('My workspaces · Parley');
  });

  it('signs out with a form POST carrying the CSRF token from the cookie', async () => {
    serve({ '/api/identity/me': () => json(me), '/api/': () => json([]) });
    render(<App />);
    await settle();
    document.cookie = 'XSRF-TOKEN=fresh-token';
    const button = screen.getByRole('button', { name: 'Sign out' });
    const form = button.closest('form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/logout');
    form.addEventListener('submit', (event) => event.preventDefault()); // the test stays on the page
    fireEvent.submit(form);
    expect((form.elements.namedItem('_csrf') as HTMLInputElement).value).toBe('fresh-token');
  });

  it('explains a failing service in words and keeps the rest of the page', async () => {
    serve({
      '/api/identity/me': () => json(me),
      '/api/notifications/unread-count': () => json({ unread: 0 }),
      '/api/workspaces': () => json({ title: 'Service Unavailable', status: 503 }, 503),
      // the home page's "What you owe" panel answers: only the workspaces fail here
      '/api/documents/': () => json([]),
      '/api/rollouts/sign-offs/owed': () => json([]),
    });
    render(<App />);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/Your workspaces could not be loaded\..*not available right now/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(document.getElementById('user-name')?.textContent).toBe('Pat Partner');
  });

  it('shows the inbox with unread markers and the profile', async () => {
    serve({
      '/api/identity/me': () => json(me),
      '/api/notifications/unread-count': () => json({ unread: 1 }),
      '/api/notifications': () =>
        json({
          items: [
            { id: 'n1', type: 'document.added', title: 'New document in Safer updates', link: '/#/workspaces', createdAt: '2026-05-01T10:00:00Z', readAt: null },
            { id: 'n2', type: 'x', title: 'Evil', link: 'javascript:alert(1)', createdAt: '2026-05-01T09:00:00Z', readAt: '2026-05-01T09:30:00Z' },
          ],
          page: 0,
          size: 20,
          total: 2,
        }),
    });
    window.location.hash = '#/inbox';
    render(<App />);
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'Inbox' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New document in Safer updates' }).getAttribute('href')).toBe('/#/workspaces');
    expect(screen.queryByRole('link', { name: 'Evil' })).toBeNull();
    expect(screen.getAllByText('Unread')).toHaveLength(1);

    await act(async () => {
      window.location.hash = '#/profile';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Profile' })).toBeTruthy();
    expect(screen.getByText('pat@acme.example')).toBeTruthy();
    expect(screen.getByText('Member')).toBeTruthy();
    expect(document.activeElement?.id).toBe('page-heading');
  });

  it('shows the sections that go with the person’s realm roles, and says so on a page for another role', async () => {
    serve({
      '/api/identity/me': () => json({ ...me, roles: ['member', 'auditor'] }),
      '/api/notifications/unread-count': () => json({ unread: 0 }),
      '/api/workspaces': () => json([]),
    });
    window.location.hash = '#/admin';
    render(<App />);
    await settle();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const entries = Array.from(nav.querySelectorAll('a')).map((link) => link.textContent);
    expect(entries).toEqual(['My workspaces', 'Rollouts', 'Search', 'Inbox', 'What we owe', 'Preferences', 'Audit', 'Profile']);
    expect(screen.getByRole('heading', { level: 1, name: 'Not available to you' })).toBeTruthy();
  });

  it('opens a workspace from My workspaces', async () => {
    serve({
      '/api/identity/me': () => json(me),
      '/api/notifications/unread-count': () => json({ unread: 0 }),
      '/api/workspaces/w1/documents': () => json([]),
      '/api/workspaces/w1': () =>
        json({ id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:AMBER', myRole: 'READER', members: [], createdAt: '2026-01-01T00:00:00Z' }),
      '/api/workspaces': () => json([{ id: 'w1', name: 'Safer updates', purpose: 'Staged rollouts', labelCeiling: 'TLP:AMBER', myRole: 'READER' }]),
    });
    render(<App />);
    await settle();
    const link = screen.getByRole('link', { name: 'Safer updates' });
    expect(link.getAttribute('href')).toBe('#/workspaces/w1');
    await act(async () => {
      window.location.hash = '#/workspaces/w1';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'Safer updates' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My workspaces' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 2, name: 'Documents' })).toBeTruthy();
  });

  it('files a release under Rollouts, and keeps a government liaison from the declare form', async () => {
    serve({
      '/api/identity/me': () => json({ ...me, organisation: 'gov-cert', organisationType: 'GOVERNMENT' }),
      '/api/notifications/unread-count': () => json({ unread: 0 }),
      '/api/': () => json({ title: 'Not Found', status: 404, detail: 'No such release.' }, 404),
    });
    window.location.hash = '#/rollouts/releases/r1';
    render(<App />);
    await settle();
    expect(screen.getByRole('link', { name: 'Rollouts' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('Release · Parley');

    await act(async () => {
      window.location.hash = '#/rollouts/new';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Not available to you' })).toBeTruthy();
  });
});
