import { fireEvent, render, screen, within } from '@testing-library/react';
import type { AcknowledgementRequest, Me, ParleyDocument, WorkspaceView } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { Acknowledgements, organisationStatus } from './Acknowledgements';

const workspace: WorkspaceView = {
  id: 'w1',
  name: 'Safer updates',
  purpose: '',
  labelCeiling: 'TLP:AMBER',
  myRole: 'READER',
  createdAt: '2026-01-01T00:00:00Z',
  members: [
    { personId: 'host-1', organisation: 'host', role: 'OWNER', name: 'Hana Host' },
    { personId: 'acme-1', organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Pat Partner' },
    { personId: 'gov-1', organisation: 'gov-cert', role: 'READER', name: 'Grace Liaison' },
  ],
};

const document = { id: 'd1', workspaceId: 'w1', latestVersion: 2, versions: [] } as unknown as ParleyDocument;
const grace: Me = { id: 'gov-1', name: 'Grace Liaison', email: null, organisation: 'gov-cert', organisationType: 'GOVERNMENT', roles: ['member'] };
const PATH = '/api/workspaces/w1/documents/d1/acknowledgement-requests';
const NOW = new Date('2026-03-12T09:00:00Z');

function request(overrides: Partial<AcknowledgementRequest> = {}): AcknowledgementRequest {
  return {
    id: 'r1',
    documentId: 'd1',
    version: 2,
    deadline: '2026-03-10T17:00:00Z',
    requestedBy: 'host-1',
    organisations: [
      { organisation: 'acme-security', acknowledgements: [{ personId: 'acme-1', acknowledgedAt: '2026-03-09T08:00:00Z' }] },
      { organisation: 'gov-cert', acknowledgements: [] },
    ],
    ...overrides,
  };
}

describe('Acknowledgements', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows per organisation who acknowledged, and which organisation is overdue', async () => {
    fakeApi({ [`GET ${PATH}`]: [request()] });
    render(<Acknowledgements workspace={workspace} document={document} me={grace} now={() => NOW} />);
    await settle();

    const rows = within(screen.getByRole('table')).getAllByRole('row');
    const acme = rows.find((row) => row.textContent?.startsWith('acme-security'))!;
    const gov = rows.find((row) => row.textContent?.startsWith('gov-cert'))!;
    expect(within(acme).getByText('Acknowledged')).toBeTruthy();
    expect(acme.textContent).toContain('Pat Partner');
    expect(within(gov).getByText('Overdue').className).toContain('ack-overdue');
    expect(gov.textContent).toContain('Nobody yet');
  });

  it('is waiting, not overdue, before the deadline; and the server’s verdict wins', () => {
    const entry = { organisation: 'gov-cert', acknowledgements: [] };
    expect(organisationStatus(entry, '2026-03-10T17:00:00Z', new Date('2026-03-10T16:59:00Z'))).toBe('waiting');
    expect(organisationStatus(entry, '2026-03-10T17:00:00Z', new Date('2026-03-10T17:01:00Z'))).toBe('overdue');
    expect(organisationStatus({ ...entry, overdue: false }, '2026-03-10T17:00:00Z', new Date('2026-04-01T00:00:00Z'))).toBe('waiting');
  });

  it('lets a person of a named organisation acknowledge, then shows it', async () => {
    let acknowledged = false;
    const api = fakeApi({
      [`GET ${PATH}`]: () =>
        json([
          request({
            organisations: [
              { organisation: 'gov-cert', acknowledgements: acknowledged ? [{ personId: 'gov-1', acknowledgedAt: '2026-03-12T09:00:00Z' }] : [] },
            ],
          }),
        ]),
      [`POST ${PATH}/r1/acknowledge`]: () => {
        acknowledged = true;
        return json(null, 204);
      },
    });
    render(<Acknowledgements workspace={workspace} document={document} me={grace} now={() => NOW} />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await settle();
    await settle();

    expect(api.sent('POST', `${PATH}/r1/acknowledge`)).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(screen.getByText('You acknowledged this version.')).toBeTruthy();
  });

  it('offers no Acknowledge button to organisations that were not asked, and no request form to non-owners', async () => {
    fakeApi({ [`GET ${PATH}`]: [request({ organisations: [{ organisation: 'acme-security', acknowledgements: [] }] })] });
    render(<Acknowledgements workspace={workspace} document={document} me={grace} now={() => NOW} />);
    await settle();
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Request acknowledgement' })).toBeNull();
  });
});
