import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { AuditTrail } from './AuditTrail';

const ENTRIES = {
  items: [
    { sequence: 1, at: '2026-03-01T10:00:00Z', actorId: 'p1', action: 'document.uploaded', subject: 'd1', details: { label: 'TLP:AMBER' }, hash: 'a' },
    { sequence: 2, at: '2026-03-01T11:00:00Z', actorId: 'system', action: 'access.refused', subject: 'd1', details: {}, hash: 'b' },
  ],
  page: 0,
  size: 50,
  total: 2,
};

describe('AuditTrail', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the entries with names and offers the export', async () => {
    fakeApi({ 'GET /api/workspaces/w1/audit?page=0&size=50': ENTRIES });
    render(<AuditTrail workspaceId="w1" members={[{ personId: 'p1', organisation: 'host', role: 'OWNER', name: 'Hana Host' }]} />);
    await settle();
    expect(screen.getByText('document.uploaded')).toBeTruthy();
    expect(screen.getByText('Hana Host')).toBeTruthy();
    expect(screen.getByText('label: TLP:AMBER')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Export audit trail (NDJSON)' });
    expect(link.getAttribute('href')).toBe('/api/workspaces/w1/audit/export');
  });

  it('says "Chain verified" with the number of entries when the chain is unbroken', async () => {
    const api = fakeApi({
      'GET /api/workspaces/w1/audit?page=0&size=50': ENTRIES,
      'GET /api/workspaces/w1/audit/verify': { valid: true, entries: 2 },
    });
    render(<AuditTrail workspaceId="w1" />);
    await settle();
    expect(screen.queryByText('Chain verified')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    await settle();

    expect(api.sent('GET', '/api/workspaces/w1/audit/verify')).toHaveLength(1);
    const status = screen.getByText('Chain verified').closest('[role="status"]');
    expect(status?.textContent).toBe('Chain verified: all 2 entries are linked and unchanged.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('raises an alert naming the first broken entry when it is not', async () => {
    fakeApi({
      'GET /api/workspaces/w1/audit?page=0&size=50': ENTRIES,
      'GET /api/workspaces/w1/audit/verify': { valid: false, entries: 2, firstBrokenSequence: 2 },
    });
    render(<AuditTrail workspaceId="w1" />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/^Chain broken at entry 2:/);
    expect(screen.queryByText('Chain verified')).toBeNull();
  });

  it('shows a refused verification in the service’s words', async () => {
    fakeApi({
      'GET /api/workspaces/w1/audit?page=0&size=50': ENTRIES,
      'GET /api/workspaces/w1/audit/verify': () =>
        json({ status: 403, title: 'Forbidden', detail: 'Only owners and auditors verify the audit trail.' }, 403, 'application/problem+json'),
    });
    render(<AuditTrail workspaceId="w1" />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Only owners and auditors verify the audit trail.');
  });
});
