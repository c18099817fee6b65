import { fireEvent, render, screen } from '@testing-library/react';
import type { ParleyDocument, WorkspaceSummary } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { CopyDocument, copyTargets } from './CopyDocument';

const document = {
  id: 'd1',
  workspaceId: 'w1',
  title: 'Rollout guidance',
  label: 'TLP:AMBER',
  latestVersion: 2,
  versions: [{ version: 1 }, { version: 2 }],
} as unknown as ParleyDocument;

const workspaces: WorkspaceSummary[] = [
  { id: 'w1', name: 'Where it is', purpose: '', labelCeiling: 'TLP:RED', myRole: 'OWNER' },
  { id: 'w2', name: 'Incident cell', purpose: '', labelCeiling: 'TLP:RED', myRole: 'CONTRIBUTOR' },
  { id: 'w3', name: 'Read only', purpose: '', labelCeiling: 'TLP:RED', myRole: 'READER' },
  { id: 'w4', name: 'Public notes', purpose: '', labelCeiling: 'TLP:GREEN', myRole: 'OWNER' },
  { id: 'w5', name: 'Working group', purpose: '', labelCeiling: 'TLP:AMBER', myRole: 'OWNER' },
];

const COPIES = '/api/workspaces/w1/documents/d1/copies';

describe('CopyDocument', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers only other workspaces where the person may upload and whose ceiling admits the label', () => {
    expect(copyTargets(workspaces, 'w1', 'TLP:AMBER').map((workspace) => workspace.id)).toEqual(['w2', 'w5']);
    expect(copyTargets(workspaces, 'w1', 'TLP:RED').map((workspace) => workspace.id)).toEqual(['w2']);
  });

  it('copies the chosen version to the chosen workspace and links to the copy', async () => {
    const api = fakeApi({
      'GET /api/workspaces': workspaces,
      [`POST ${COPIES}`]: () => json({ ...document, id: 'd9', workspaceId: 'w5' }, 201),
    });
    render(<CopyDocument workspaceId="w1" document={document} />);
    await settle();

    fireEvent.change(screen.getByLabelText('Workspace'), { target: { value: 'w5' } });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await settle();

    expect(api.sent('POST', COPIES).map((call) => call.body)).toEqual([{ targetWorkspaceId: 'w5', version: 1 }]);
    expect(screen.getByRole('status').textContent).toContain('Copied to Working group');
    expect(screen.getByRole('link', { name: 'open the copy' }).getAttribute('href')).toContain('d9');
  });

  it('shows why workspace refused the copy', async () => {
    fakeApi({
      'GET /api/workspaces': workspaces,
      [`POST ${COPIES}`]: () =>
        json(
          {
            type: 'urn:parley:problem:audience-too-wide',
            title: 'Unprocessable Content',
            status: 422,
            detail: 'The target workspace’s member organisation(s) host are neither the uploader’s organisation nor named.',
          },
          422,
          'application/problem+json',
        ),
    });
    render(<CopyDocument workspaceId="w1" document={document} />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await settle();

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The document was not copied.');
    expect(alert.textContent).toContain('organisation(s) host are neither');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says why there is nowhere to copy to, and offers no button', async () => {
    fakeApi({ 'GET /api/workspaces': workspaces.filter((workspace) => workspace.myRole === 'READER' || workspace.id === 'w1') });
    render(<CopyDocument workspaceId="w1" document={document} />);
    await settle();

    expect(screen.getByText(/None of your other workspaces can take it/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();
  });
});
