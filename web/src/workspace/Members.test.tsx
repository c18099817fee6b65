import { fireEvent, render, screen, within } from '@testing-library/react';
import type { WorkspaceRole, WorkspaceView } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { Members } from './Members';

function workspace(myRole: WorkspaceRole, owners: 1 | 2 = 1): WorkspaceView {
  return {
    id: 'w1',
    name: 'Safer updates',
    purpose: '',
    labelCeiling: 'TLP:AMBER',
    myRole,
    createdAt: '2026-01-01T00:00:00Z',
    members: [
      { personId: 'host-1', organisation: 'host', role: 'OWNER', name: 'Hana Host' },
      { personId: 'acme-1', organisation: 'acme-security', role: owners === 2 ? 'OWNER' : 'CONTRIBUTOR', name: 'Pat Partner' },
    ],
  };
}

describe('Members', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('adds a person found by typing part of the name, without naming an organisation', async () => {
    const api = fakeApi({
      'GET /api/identity/people': {
        people: [
          { id: 'host-1', name: 'Hana Host', organisationId: 'host', organisationName: 'Host' },
          { id: 'gov-7', name: 'Liesel Liaison', organisationId: 'gov-cert', organisationName: 'Government CERT' },
        ],
        more: false,
      },
      'POST /api/workspaces/w1/members': () => json(workspace('OWNER'), 201),
    });
    const changed = vi.fn();
    render(<Members workspace={workspace('OWNER')} onChanged={changed} />);

    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    expect(screen.getByText(/Choose a person: type part of their name/)).toBeTruthy();
    expect(api.sent('POST', '/api/workspaces/w1/members')).toHaveLength(0);

    fireEvent.change(screen.getByRole('combobox', { name: 'Person' }), { target: { value: 'ha' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    // Hana is a member already: only Liesel is offered
    expect(within(screen.getByRole('listbox', { name: 'People found' })).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Liesel Liaison (Government CERT)',
    ]);
    fireEvent.mouseDown(screen.getByRole('option', { name: /Liesel Liaison/ }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Role in this workspace' }), { target: { value: 'READER' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    await settle();

    expect(api.sent('POST', '/api/workspaces/w1/members').map((call) => call.body)).toEqual([{ personId: 'gov-7', role: 'READER' }]);
    expect(changed).toHaveBeenCalled();
    expect((screen.getByRole('combobox', { name: 'Person' }) as HTMLInputElement).value).toBe('');
  });

  it('lets owners change a role in place, but not the only owner’s', async () => {
    const api = fakeApi({ 'PUT /api/workspaces/w1/members/acme-1/role': workspace('OWNER') });
    const changed = vi.fn();
    render(<Members workspace={workspace('OWNER')} onChanged={changed} />);

    expect(screen.queryByRole('combobox', { name: 'Role of Hana Host' })).toBeNull();
    expect(screen.getByText(/The only owner keeps their role/)).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of Pat Partner' }), { target: { value: 'READER' } });
    await settle();

    expect(api.sent('PUT', '/api/workspaces/w1/members/acme-1/role').map((call) => call.body)).toEqual([{ role: 'READER' }]);
    expect(changed).toHaveBeenCalled();
  });

  it('shows the service’s refusal of a role change in words', async () => {
    fakeApi({
      'PUT /api/workspaces/w1/members/host-1/role': () =>
        json(
          { type: 'urn:parley:problem:last-owner', title: 'Last owner', status: 409, detail: 'A workspace keeps at least one owner; make someone else an owner first.' },
          409,
          'application/problem+json',
        ),
    });
    render(<Members workspace={workspace('OWNER', 2)} onChanged={() => {}} />);

    fireEvent.change(screen.getByRole('combobox', { name: 'Role of Hana Host' }), { target: { value: 'READER' } });
    await settle();

    expect(screen.getByRole('alert').textContent).toContain('The role was not changed.');
    expect(screen.getByRole('alert').textContent).toContain('make someone else an owner first');
  });

  it('shows roles as text to members who are not owners', () => {
    fakeApi({});
    render(<Members workspace={workspace('CONTRIBUTOR')} onChanged={() => {}} />);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull();
    expect(screen.getAllByText('Owner')).toHaveLength(1);
  });
});
