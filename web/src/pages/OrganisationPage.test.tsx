import { fireEvent, render, screen } from '@testing-library/react';
import type { Me } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { OrganisationPage } from './OrganisationPage';

const admin: Me = { id: 'admin-1', name: 'Ada Admin', email: null, organisation: 'acme-security', organisationType: 'VENDOR', roles: ['member', 'org-admin'] };

function serve() {
  return fakeApi({
    'GET /api/identity/organisations/acme-security': { id: 'acme-security', name: 'Acme Security', type: 'VENDOR', domains: [], active: true },
    'GET /api/identity/organisations/acme-security/people': [
      { id: 'admin-1', name: 'Ada Admin', email: 'ada@acme.example', organisationId: 'acme-security', role: 'ORG_ADMIN', status: 'ACTIVE' },
      { id: 'p2', name: 'Sam Sponsored', email: 'sam@acme.example', organisationId: 'acme-security', role: 'MEMBER', status: 'ACTIVE', sponsorId: 'h1', accessEndsAt: '2026-09-01T00:00:00Z' },
    ],
    'GET /api/identity/organisations/acme-security/invitations': [
      { id: 'i1', organisationId: 'acme-security', name: 'Eve Expired', email: 'eve@acme.example', role: 'MEMBER', state: 'EXPIRED', expiresAt: '2026-02-01T00:00:00Z', invitedBy: 'admin-1', timesSent: 1, createdAt: '2026-01-25T00:00:00Z' },
      { id: 'i2', organisationId: 'acme-security', name: 'Al Accepted', email: 'al@acme.example', role: 'MEMBER', state: 'ACCEPTED', expiresAt: '2026-02-01T00:00:00Z', invitedBy: 'admin-1', timesSent: 1, createdAt: '2026-01-25T00:00:00Z' },
    ],
    'POST /api/identity/people/p2/offboarding': () => json(null, 204),
    'POST /api/identity/invitations/i1/resend': { id: 'i1' },
  });
}

describe('OrganisationPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offboards only after a confirmation step that says what it does', async () => {
    const api = serve();
    render(<OrganisationPage id={null} me={admin} />);
    await settle();
    expect(screen.getByRole('row', { name: /Sam Sponsored/ }).textContent).toContain('(sponsor: a person of another organisation)');
    // nobody offboards themselves
    expect(screen.queryByRole('button', { name: 'Offboard Ada Admin' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Offboard Sam Sponsored' }));
    expect(api.sent('POST', '/api/identity/people/p2/offboarding')).toHaveLength(0);
    expect(screen.getByRole('group', { name: 'Offboard Sam Sponsored?' }).textContent).toMatch(/signed out everywhere/);
    expect(document.activeElement?.textContent).toBe('Offboard Sam Sponsored?');

    fireEvent.click(screen.getByRole('button', { name: 'Yes, offboard Sam Sponsored' }));
    await settle();
    expect(api.sent('POST', '/api/identity/people/p2/offboarding')).toHaveLength(1);
  });

  it('shows open invitations (pending and expired) with re-send and revoke, the rest on request', async () => {
    const api = serve();
    render(<OrganisationPage id={null} me={admin} />);
    await settle();
    expect(screen.getByText('Expired')).toBeTruthy();
    expect(screen.queryByText('Al Accepted')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Re-send invitation to eve@acme.example' }));
    await settle();
    expect(api.sent('POST', '/api/identity/invitations/i1/resend')).toHaveLength(1);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Also show accepted and revoked invitations' }));
    expect(screen.getByText('Al Accepted')).toBeTruthy();
  });
});
