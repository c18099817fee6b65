import { act, render, screen, within } from '@testing-library/react';
import type { Me } from '../api/types';
import { OwedPage, OwedPanel, owedItems, type EndingEmbargo, type OwedAcknowledgement, type OwedSignOff } from './Owed';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const acknowledgement: OwedAcknowledgement = {
  requestId: 'r1',
  workspaceId: 'w1',
  workspaceName: 'Safer updates',
  documentId: 'd1',
  title: 'Advisory 42',
  label: 'TLP:GREEN',
  version: 2,
  organisation: 'acme-security',
  deadline: '2026-05-03T10:00:00Z',
  overdue: true,
};

const signOff: OwedSignOff = {
  releaseId: 'x1',
  workspaceId: 'w1',
  product: 'Acme Falcon Sensor',
  version: '7.11.2',
  label: 'TLP:AMBER',
  ring: 0,
  ringName: 'canary',
  organisation: 'acme-security',
  soakEndsAt: '2026-05-04T10:00:00Z',
  overdue: false,
};

/** As an admin sees a document only others of the organisation may open: no title, no workspace name. */
const embargo: EndingEmbargo = {
  workspaceId: 'w2',
  documentId: 'd2',
  label: 'TLP:AMBER+STRICT',
  until: '2026-05-05T10:00:00Z',
  becomes: 'TLP:GREEN',
};

function serve(scopeSeen: string[], answers?: Partial<Record<'acknowledgements' | 'signOffs' | 'embargoes', Response>>) {
  const fetch = vi.fn(async (path: string) => {
    scopeSeen.push(path);
    if (path.startsWith('/api/documents/acknowledgement-requests/owed')) {
      return answers?.acknowledgements ?? json([acknowledgement]);
    }
    if (path.startsWith('/api/rollouts/sign-offs/owed')) {
      return answers?.signOffs ?? json([signOff]);
    }
    if (path.startsWith('/api/documents/embargoes/ending')) {
      return answers?.embargoes ?? json([embargo]);
    }
    return json({ title: 'Not Found' }, 404);
  });
  vi.stubGlobal('fetch', fetch);
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const member: Me = {
  id: 'u1',
  name: 'Pat Partner',
  email: null,
  organisation: 'acme-security',
  organisationType: 'VENDOR',
  roles: ['member'],
};

describe('What we owe', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists every kind deadline first, with counts, links and the overdue ones marked', async () => {
    const paths: string[] = [];
    serve(paths);
    render(<OwedPanel />);
    await settle();

    expect(screen.getByRole('heading', { name: 'What you owe' })).toBeTruthy();
    expect(screen.getByText(/1 acknowledgement request\(s\), 1 sign-off\(s\) waiting, 1 embargo\(es\) ending in the next 7 days; 1 overdue\./)).toBeTruthy();
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('td')?.textContent)).toEqual([
      'Advisory 42, version 2 (Safer updates)',
      'Acme Falcon Sensor 7.11.2, ring 1 (canary)',
      'A TLP:AMBER+STRICT document becomes TLP:GREEN',
    ]);
    expect(within(rows[0]).getByRole('link').getAttribute('href')).toBe('#/workspaces/w1/documents/d1');
    expect(within(rows[1]).getByRole('link').getAttribute('href')).toBe('#/rollouts/releases/x1');
    expect(rows[0].textContent).toContain('Overdue');
    expect(rows[1].textContent).toContain('Waiting for your sign-off');
    expect(rows[0].querySelector('time')?.getAttribute('dateTime')).toBe('2026-05-03T10:00:00Z');
    expect(paths.every((path) => !path.includes('scope='))).toBe(true);
  });

  it('asks for the whole organisation for its administrators only', async () => {
    const paths: string[] = [];
    serve(paths);
    render(<OwedPage me={{ ...member, roles: ['member', 'org-admin'] }} />);
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'What acme-security owes' })).toBeTruthy();
    expect(paths).toHaveLength(3);
    expect(paths.every((path) => path.endsWith('?scope=organisation'))).toBe(true);

    paths.length = 0;
    render(<OwedPage me={member} />);
    await settle();
    expect(paths).toHaveLength(3);
    expect(paths.some((path) => path.includes('scope='))).toBe(false);
  });

  it('says so when nothing is owed, and explains a failing service in words', async () => {
    serve([], { acknowledgements: json([]), signOffs: json([]), embargoes: json([]) });
    render(<OwedPanel />);
    await settle();
    expect(screen.getByText(/Nothing is owed/)).toBeTruthy();
    vi.unstubAllGlobals();

    serve([], { signOffs: json({ title: 'Service Unavailable', status: 503 }, 503) });
    render(<OwedPanel />);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/What is owed could not be loaded\./);
  });

  it('sorts across the three lists by deadline', () => {
    const items = owedItems([{ ...acknowledgement, deadline: '2026-06-01T00:00:00Z' }], [signOff], [embargo]);
    expect(items.map((item) => item.kind)).toEqual(['Sign-off', 'Embargo ends', 'Acknowledgement']);
  });
});
