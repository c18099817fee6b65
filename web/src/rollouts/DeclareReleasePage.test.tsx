import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { engineer } from '../test/rollouts';
import { DeclareReleasePage } from './DeclareReleasePage';

const workspace = {
  id: 'w1',
  name: 'Safer updates',
  purpose: '',
  labelCeiling: 'TLP:RED',
  myRole: 'CONTRIBUTOR',
  createdAt: '2026-01-01T00:00:00Z',
  members: [
    { personId: engineer.id, organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Pat Partner' },
    { personId: 'h1', organisation: 'host-os', role: 'OWNER', name: 'Hana Host' },
    { personId: 'g1', organisation: 'gov-cert', role: 'READER', name: 'Gabi Government' },
  ],
};

function serve(routes: Record<string, unknown> = {}) {
  return fakeApi({
    'GET /api/workspaces': [
      { id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:RED', myRole: 'CONTRIBUTOR' },
      { id: 'w2', name: 'Read only', purpose: '', labelCeiling: 'TLP:AMBER', myRole: 'READER' },
    ],
    'GET /api/workspaces/w1': workspace,
    'GET /api/rollouts/policy': { kernelModeKinds: ['KERNEL_DRIVER', 'SENSOR'], hostSignOffBeforeLeavingFirstRing: true, minimumRings: 2, minimumSoak: 'PT1H', kernelModeStartsPerDay: 3 },
    ...routes,
  });
}

// the form is long: label and text queries keep these tests quick where a role query would walk the whole page
function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fillRelease() {
  type('Product', 'Falcon Sensor');
  type('Version', '7.11.2');
  type('Summary', 'New boot-time driver verification.');
}

describe('DeclareReleasePage', { timeout: 30_000 }, () => {
  beforeEach(() => {
    window.location.hash = '#/rollouts/new';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('offers only workspaces where the person contributes, and sends the release with its plan', async () => {
    const api = serve({ 'POST /api/rollouts/releases': () => json({ id: 'r-new' }, 201) });
    render(<DeclareReleasePage me={engineer} />);
    await settle();
    const workspaces = screen.getByRole('combobox', { name: 'Workspace' });
    expect(within(workspaces).getAllByRole('option').map((option) => option.textContent)).toEqual(['Safer updates']);

    fillRelease();
    type('Kind', 'KERNEL_DRIVER');
    expect(screen.getByText(/Kernel driver is a kernel-mode kind: leaving ring 1 needs a go from the host/)).toBeTruthy();
    fireEvent.click(screen.getByText('Remove ring 3'));
    type('Highest rollback rate (‰, optional) (ring 2)', '1.5');
    fireEvent.click(screen.getAllByLabelText('Number of devices (ring 2)').find((input) => input.getAttribute('type') === 'radio')!);
    fireEvent.change(screen.getAllByLabelText('Number of devices (ring 2)').find((input) => input.getAttribute('type') === 'number')!, { target: { value: '5000' } });
    fireEvent.click(within(screen.getByText('Organisations whose go ring 1 needs').closest('fieldset')!).getByLabelText('host-os'));
    fireEvent.click(screen.getByRole('button', { name: 'Declare release' }));
    await settle();

    const [sent] = api.sent('POST', '/api/rollouts/releases');
    expect(sent.body).toEqual({
      workspaceId: 'w1',
      product: 'Falcon Sensor',
      version: '7.11.2',
      kind: 'KERNEL_DRIVER',
      summary: 'New boot-time driver verification.',
      label: 'TLP:AMBER+STRICT',
      namedPeople: [],
      namedOrganisations: [],
      rings: [
        {
          name: 'Canary',
          targetShare: 1,
          minSoak: 'PT4H',
          gates: { maxCrashPerMille: 2, maxBootFailurePerMille: 1, minDevicesReporting: 50 },
          signOffOrganisations: ['host-os'],
        },
        {
          name: 'Early adopters',
          targetDevices: 5000,
          minSoak: 'PT12H',
          gates: { maxCrashPerMille: 2, maxBootFailurePerMille: 1, maxRollbackPerMille: 1.5, minDevicesReporting: 50 },
          signOffOrganisations: [],
        },
      ],
    });
    expect(window.location.hash).toBe('#/rollouts/releases/r-new');
  });

  it('refuses a gate outside 0–1000 ‰, a missing ring name and too few rings next to the fields, and sends nothing', async () => {
    const api = serve();
    render(<DeclareReleasePage me={engineer} />);
    await settle();
    fillRelease();
    const crash = screen.getByLabelText('Highest crash rate (‰) (ring 1)');
    fireEvent.change(crash, { target: { value: '1200' } });
    type('Name (ring 2)', ' ');
    fireEvent.click(screen.getByText('Remove ring 3'));
    fireEvent.click(screen.getByText('Remove ring 2'));
    fireEvent.click(screen.getByRole('button', { name: 'Declare release' }));
    await settle();

    expect(api.sent('POST', '/api/rollouts/releases')).toHaveLength(0);
    expect(crash.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(crash.getAttribute('aria-describedby')!)!.textContent).toBe('Ring 1: the crash-rate gate must be a number from 0 to 1000 ‰.');
    const summary = screen.getAllByRole('alert')[0];
    expect(summary.textContent).toContain('The release was not declared.');
    expect(summary.textContent).toContain('The plan needs at least 2 rings: no release skips rings.');
  });

  it('shows the service’s field problems next to the fields they name, and its whole detail above', async () => {
    serve({
      'POST /api/rollouts/releases': () =>
        json(
          {
            type: 'urn:parley:problem:invalid-request',
            title: 'Bad Request',
            status: 400,
            detail: 'rings[1].gates.minDevicesReporting: must be greater than or equal to 1; version: must not be blank',
          },
          400,
          'application/problem+json',
        ),
    });
    render(<DeclareReleasePage me={engineer} />);
    await settle();
    fillRelease();
    fireEvent.click(screen.getByRole('button', { name: 'Declare release' }));
    await settle();

    const devices = screen.getByLabelText('Devices that must report (ring 2)');
    expect(devices.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(devices.getAttribute('aria-describedby')!)!.textContent).toBe('must be greater than or equal to 1');
    const version = screen.getByLabelText('Version');
    expect(document.getElementById(version.getAttribute('aria-describedby')!)!.textContent).toBe('must not be blank');
    expect(screen.getByRole('alert').textContent).toContain('The release was not declared. rings[1].gates.minDevicesReporting: must be greater');
  });

  it('needs a named person for TLP:RED before anything is sent', async () => {
    const api = serve();
    render(<DeclareReleasePage me={engineer} />);
    await settle();
    fillRelease();
    fireEvent.click(screen.getByLabelText('TLP:RED'));
    expect(screen.getByText('Only the declarer and the people it names.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Declare release' }));
    await settle();
    expect(api.sent('POST', '/api/rollouts/releases')).toHaveLength(0);
    expect(screen.getAllByRole('alert')[0].textContent).toContain('TLP:RED: name at least one person who may see it.');
  });

  it('forgets the organisations and people of the workspace it leaves', async () => {
    const api = serve({
      'GET /api/workspaces': [
        { id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:RED', myRole: 'CONTRIBUTOR' },
        { id: 'w3', name: 'Partners only', purpose: '', labelCeiling: 'TLP:RED', myRole: 'OWNER' },
      ],
      'GET /api/workspaces/w3': { ...workspace, id: 'w3', name: 'Partners only', members: [workspace.members[0], { personId: 'p9', organisation: 'beta-av', role: 'CONTRIBUTOR', name: 'Bo Beta' }] },
      'POST /api/rollouts/releases': () => json({ id: 'r-new' }, 201),
    });
    render(<DeclareReleasePage me={engineer} />);
    await settle();
    fillRelease();
    fireEvent.click(within(screen.getByText('Organisations whose go ring 1 needs').closest('fieldset')!).getByLabelText('host-os'));
    fireEvent.click(screen.getByLabelText('TLP:RED'));
    fireEvent.click(screen.getByLabelText(/Hana Host/));
    type('Workspace', 'w3');
    await settle();
    expect(within(screen.getByText('Organisations whose go ring 1 needs').closest('fieldset')!).queryByLabelText('host-os')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Declare release' }));
    await settle();
    const [sent] = api.sent('POST', '/api/rollouts/releases');
    const body = sent.body as { workspaceId: string; label: string; namedPeople: string[]; rings: { signOffOrganisations: string[] }[] };
    expect(body.workspaceId).toBe('w3');
    expect(body.label).toBe('TLP:AMBER+STRICT');
    expect(body.namedPeople).toEqual([]);
    expect(body.rings.map((ring) => ring.signOffOrganisations)).toEqual([[], [], []]);
  });
});
