import { fireEvent, render, screen } from '@testing-library/react';
import type { Me, WorkspaceRole } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { DocumentPage } from './DocumentPage';
import { WorkspacePage } from './WorkspacePage';

const me: Me = { id: 'acme-1', name: 'Pat Partner', email: null, organisation: 'acme-security', organisationType: 'VENDOR', roles: ['member'] };

function workspace(myRole: WorkspaceRole, labelCeiling = 'TLP:AMBER') {
  return {
    id: 'w1',
    name: 'Safer updates',
    purpose: 'Staged rollouts',
    labelCeiling,
    myRole,
    createdAt: '2026-01-01T00:00:00Z',
    members: [
      { personId: 'host-1', organisation: 'host', role: 'OWNER', name: 'Hana Host' },
      { personId: 'acme-1', organisation: 'acme-security', role: myRole, name: 'Pat Partner' },
    ],
  };
}

const DOCUMENT = {
  id: 'd1',
  workspaceId: 'w1',
  title: 'Rollback plan',
  label: 'TLP:AMBER',
  namedPeople: [],
  namedOrganisations: [],
  uploadedBy: 'host-1',
  uploaderOrganisationId: 'host',
  createdAt: '2026-03-01T10:00:00Z',
  deleted: false,
  latestVersion: 2,
  versions: [
    { version: 1, fileName: 'plan-v1.pdf', size: 1200, sha256: 'a'.repeat(64), mediaType: 'application/pdf', uploadedBy: 'host-1', uploadedAt: '2026-03-01T10:00:00Z', scan: 'CLEAN' },
    { version: 2, fileName: 'plan-v2.pdf', size: 4_200_000, sha256: 'b'.repeat(64), mediaType: 'application/pdf', uploadedBy: 'host-1', uploadedAt: '2026-03-02T10:00:00Z', scan: 'QUARANTINED' },
  ],
};

describe('WorkspacePage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the documents table with label, version, scan, size and uploader', async () => {
    fakeApi({ 'GET /api/workspaces/w1': workspace('READER'), 'GET /api/workspaces/w1/documents': [DOCUMENT] });
    render(<WorkspacePage id="w1" section="documents" me={me} />);
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'Safer updates' })).toBeTruthy();
    const row = screen.getByRole('row', { name: /Rollback plan/ });
    expect(row.textContent).toContain('TLP:AMBER');
    expect(row.textContent).toContain('Quarantined: not downloadable');
    expect(row.textContent).toContain('4.2 MB');
    expect(row.textContent).toContain('Hana Host');
    expect(screen.getByRole('link', { name: 'Rollback plan' }).getAttribute('href')).toBe('#/workspaces/w1/documents/d1');
  });

  it('lets readers read only: no upload, no audit trail', async () => {
    fakeApi({ 'GET /api/workspaces/w1': workspace('READER'), 'GET /api/workspaces/w1/documents': [] });
    render(<WorkspacePage id="w1" section="documents" me={me} />);
    await settle();
    expect(screen.queryByRole('button', { name: 'Upload document' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Audit trail' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Members' })).toBeTruthy();
  });

  it('gives contributors the upload with labels up to the ceiling only', async () => {
    fakeApi({ 'GET /api/workspaces/w1': workspace('CONTRIBUTOR', 'TLP:GREEN'), 'GET /api/workspaces/w1/documents': [] });
    render(<WorkspacePage id="w1" section="documents" me={me} />);
    await settle();
    expect(screen.getByRole('button', { name: 'Upload document' })).toBeTruthy();
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('aria-label'))).toEqual(['TLP:CLEAR', 'TLP:GREEN']);
  });

  it('gives owners the audit trail and member management', async () => {
    fakeApi({ 'GET /api/workspaces/w1': workspace('OWNER'), 'GET /api/identity/organisations': [] });
    render(<WorkspacePage id="w1" section="members" me={me} />);
    await settle();
    expect(screen.getByRole('link', { name: 'Audit trail' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add member' })).toBeTruthy();
    // two owners: either may be removed
    expect(screen.getAllByRole('button', { name: /^Remove/ })).toHaveLength(2);
  });

  it('says in words when the workspace is not there (or not for this person)', async () => {
    fakeApi({
      'GET /api/workspaces/w1': () => json({ status: 404, title: 'Not found', detail: 'No such workspace.' }, 404, 'application/problem+json'),
    });
    render(<WorkspacePage id="w1" section="documents" me={me} />);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('No such workspace.');
  });
});

describe('DocumentPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  function serve(myRole: WorkspaceRole) {
    return fakeApi({
      'GET /api/workspaces/w1': workspace(myRole),
      'GET /api/workspaces/w1/documents/d1': DOCUMENT,
      'GET /api/workspaces/w1/documents/d1/comments': [],
      'GET /api/workspaces/w1/documents/d1/acknowledgement-requests': [],
      'GET /api/workspaces': [],
      'PUT /api/workspaces/w1/documents/d1/label': () => json(DOCUMENT),
    });
  }

  it('lists the versions, newest first, and links only clean ones for download', async () => {
    serve('READER');
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    const rows = screen.getByRole('table').querySelectorAll('tbody tr');
    expect(rows[0].textContent).toContain('plan-v2.pdf');
    expect(rows[0].textContent).toContain('Not available');
    const download = screen.getByRole('link', { name: 'Download plan-v1.pdf, version 1' });
    expect(download.getAttribute('href')).toBe('/api/workspaces/w1/documents/d1/versions/1/content');
    expect(screen.queryByRole('button', { name: 'Upload new version' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change label' })).toBeNull();
  });

  it('shows an embargoed document’s embargo with its countdown instead of the label change', async () => {
    fakeApi({
      'GET /api/workspaces/w1': workspace('OWNER'),
      'GET /api/workspaces/w1/documents/d1': {
        ...DOCUMENT,
        embargo: { until: '2099-01-01T00:00:00Z', label: 'TLP:GREEN', namedPeople: [], namedOrganisations: [], setBy: 'me', setAt: '2030-01-01T00:00:00Z' },
      },
      'GET /api/workspaces/w1/documents/d1/comments': [],
      'GET /api/workspaces/w1/documents/d1/acknowledgement-requests': [],
      'GET /api/workspaces': [],
    });
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    expect(screen.getByRole('group', { name: 'Embargo' }).textContent).toContain('TLP:GREEN');
    expect(screen.getByRole('timer').textContent).toMatch(/days .* left/);
    expect(screen.queryByRole('button', { name: 'Change label' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel embargo' })).toBeTruthy();
  });

  it('explains what lowering a label does and asks for confirmation before sending it', async () => {
    const api = serve('OWNER');
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:GREEN' }));
    expect(screen.getByText(/Lowering TLP:AMBER to TLP:GREEN lets more people see this document/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Change label' }));
    await settle();
    expect(api.sent('PUT', '/api/workspaces/w1/documents/d1/label')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toMatch(/Confirm that you mean to let more people see/);

    fireEvent.click(screen.getByRole('checkbox', { name: 'I mean to let more people see it' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change label' }));
    await settle();
    expect(api.sent('PUT', '/api/workspaces/w1/documents/d1/label')[0].body).toEqual({
      label: 'TLP:GREEN',
      namedPeople: [],
      namedOrganisations: [],
    });
  });

  it('does not let a contributor who did not upload it lower the label', async () => {
    serve('CONTRIBUTOR');
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:CLEAR' }));
    expect(screen.getByText('Only the uploader or a workspace owner can lower a label.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Change label' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('lets owners delete a document only after confirming, then goes back to the workspace', async () => {
    const api = fakeApi({
      'GET /api/workspaces/w1': workspace('OWNER'),
      'GET /api/workspaces/w1/documents/d1': DOCUMENT,
      'GET /api/workspaces/w1/documents/d1/comments': [],
      'GET /api/workspaces/w1/documents/d1/acknowledgement-requests': [],
      'GET /api/workspaces': [],
      'DELETE /api/workspaces/w1/documents/d1': () => json(null, 204),
    });
    window.location.hash = '#/workspaces/w1/documents/d1';
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Delete document' }));
    expect(api.sent('DELETE', '/api/workspaces/w1/documents/d1')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete “Rollback plan”' }));
    await settle();
    expect(api.sent('DELETE', '/api/workspaces/w1/documents/d1')).toHaveLength(1);
    expect(window.location.hash).toBe('#/workspaces/w1');
  });

  it('offers no delete to contributors', async () => {
    serve('CONTRIBUTOR');
    render(<DocumentPage workspaceId="w1" documentId="d1" me={me} />);
    await settle();
    expect(screen.queryByRole('button', { name: 'Delete document' })).toBeNull();
  });
});
