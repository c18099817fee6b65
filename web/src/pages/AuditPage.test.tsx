import { render, screen } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { AuditPage } from './AuditPage';

const WORKSPACES = [
  { id: 'w1', name: 'Safer updates', labelCeiling: 'TLP:AMBER', organisations: ['host', 'acme-security'], members: 3, createdAt: '2026-01-01T00:00:00Z' },
  { id: 'w2', name: 'War room', labelCeiling: 'TLP:RED', organisations: ['host'], members: 1, createdAt: '2026-02-01T00:00:00Z' },
];

describe('AuditPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists every workspace for the auditor, who is a member of none, each leading to its trail', async () => {
    const api = fakeApi({ 'GET /api/workspaces/all': WORKSPACES });
    render(<AuditPage workspaceId={null} />);
    await settle();

    expect(api.calls.map((call) => call.path)).toEqual(['/api/workspaces/all']);
    const link = screen.getByRole('link', { name: 'Safer updates' });
    expect(link.getAttribute('href')).toBe('#/audit/w1');
    expect(link.parentElement?.textContent).toContain('TLP:AMBER ceiling · 3 members of host, acme-security');
    expect(screen.getByRole('link', { name: 'War room' }).parentElement?.textContent).toContain('1 member of host');
  });

  it('marks the workspace whose trail is open', async () => {
    fakeApi({
      'GET /api/workspaces/all': WORKSPACES,
      'GET /api/workspaces/w2/audit': () => json({ items: [], page: 0, size: 50, total: 0 }),
    });
    render(<AuditPage workspaceId="w2" />);
    await settle();
    expect(screen.getByRole('link', { name: 'War room' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Safer updates' }).getAttribute('aria-current')).toBeNull();
  });

  it('says in words when the list cannot be had', async () => {
    fakeApi({
      'GET /api/workspaces/all': () =>
        json({ type: 'urn:parley:problem:forbidden', title: 'Forbidden', status: 403, detail: "Only the host's auditors list every workspace." }, 403, 'application/problem+json'),
    });
    render(<AuditPage workspaceId={null} />);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The workspaces could not be loaded.');
    expect(screen.getByRole('alert').textContent).toContain("Only the host's auditors list every workspace.");
  });
});
