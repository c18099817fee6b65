import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, settle } from '../test/fakeApi';
import { card, engineer, liaison } from '../test/rollouts';
import { RolloutBoard } from './RolloutBoard';

const workspaces = [
  { id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:AMBER+STRICT', myRole: 'CONTRIBUTOR' },
  { id: 'w2', name: 'Gov briefing', purpose: '', labelCeiling: 'TLP:AMBER', myRole: 'READER' },
];

const cards = [
  card({ id: 'r-done', product: 'Console', version: '1.0', state: 'COMPLETED', currentRing: null, ringName: null, updatedAt: '2026-05-01T00:00:00Z' }),
  card({ id: 'r-ring', product: 'Falcon Sensor', version: '7.11.2', state: 'IN_RING', currentRing: 1, ringName: 'Early adopters', awaitingSignOff: ['host-os', 'gov-cert'] }),
  card({
    id: 'r-halt',
    product: 'Kernel Shield',
    version: '2.3.0',
    kind: 'KERNEL_DRIVER',
    label: 'TLP:AMBER+STRICT',
    state: 'HALTED',
    currentRing: 0,
    ringName: 'Canary',
    halted: { reason: 'Boot-failure rate 12 ‰ above the gate of 2 ‰ (800 devices reporting)', automatic: true, at: '2026-05-04T09:30:00Z' },
  }),
  card({ id: 'r-draft', product: 'Content pack', version: '2026.05', kind: 'CONTENT_UPDATE', state: 'DRAFT', currentRing: null, ringName: null, ringCount: 2 }),
];

describe('RolloutBoard', () => {
  beforeEach(() => {
    window.location.hash = '#/rollouts';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows each release’s state and ring, who still owes a sign-off, and halted releases first with their reason', async () => {
    fakeApi({ 'GET /api/rollouts/releases': cards, 'GET /api/workspaces': workspaces });
    render(<RolloutBoard me={engineer} workspaceId={null} state={null} />);
    await settle();

    const items = within(screen.getByRole('region', { name: 'Releases' })).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Kernel Shield 2.3.0',
      'Falcon Sensor 7.11.2',
      'Content pack 2026.05',
      'Console 1.0',
    ]);
    const halted = items[0];
    expect(within(halted).getByText('Halted')).toBeTruthy();
    expect(within(halted).getByRole('heading', { name: 'Halted automatically: a health gate was breached' })).toBeTruthy();
    expect(halted.textContent).toContain('Boot-failure rate 12 ‰ above the gate of 2 ‰');
    expect(halted.textContent).toContain('Ring 1 of 3 (Canary)');

    const rolling = items[1];
    expect(within(rolling).getByText('In ring')).toBeTruthy();
    expect(rolling.textContent).toContain('Ring 2 of 3 (Early adopters)');
    expect(rolling.textContent).toContain('Waiting for a sign-off from host-os and gov-cert');
    expect(rolling.textContent).toContain('Safer updates');
    expect(within(rolling).getByRole('link', { name: 'Falcon Sensor 7.11.2' }).getAttribute('href')).toBe('#/rollouts/releases/r-ring');

    expect(items[2].textContent).toContain('Draft');
    expect(items[2].textContent).toContain('Not started (2 rings)');
    expect(items[3].textContent).toContain('Completed');
    expect(screen.getByRole('status').textContent).toBe('4 releases');
  });

  it('offers "Declare release" to a contributor of a partner organisation, never to a government liaison', async () => {
    fakeApi({ 'GET /api/rollouts/releases': cards, 'GET /api/workspaces': workspaces });
    const { unmount } = render(<RolloutBoard me={engineer} workspaceId={null} state={null} />);
    await settle();
    expect(screen.getByRole('link', { name: 'Declare release' }).getAttribute('href')).toBe('#/rollouts/new');
    unmount();

    fakeApi({ 'GET /api/rollouts/releases': cards, 'GET /api/workspaces': workspaces.map((w) => ({ ...w, myRole: 'OWNER' })) });
    render(<RolloutBoard me={liaison} workspaceId={null} state={null} />);
    await settle();
    expect(screen.getByRole('heading', { name: 'Kernel Shield 2.3.0' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Declare release' })).toBeNull();
  });

  it('asks the service for the filtered releases and moves the filter into the address', async () => {
    const api = fakeApi({ 'GET /api/rollouts/releases?workspaceId=w1&state=HALTED': [cards[2]], 'GET /api/workspaces': workspaces });
    render(<RolloutBoard me={engineer} workspaceId="w1" state="HALTED" />);
    await settle();
    expect(api.sent('GET', '/api/rollouts/releases?workspaceId=w1&state=HALTED')).toHaveLength(1);
    expect(screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toEqual(['Kernel Shield 2.3.0']);

    fireEvent.change(screen.getByRole('combobox', { name: 'State' }), { target: { value: 'IN_RING' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(window.location.hash).toBe('#/rollouts?workspace=w1&state=IN_RING');
  });

  it('says so when nothing is shared yet, and explains a failing service in words', async () => {
    fakeApi({ 'GET /api/rollouts/releases': [], 'GET /api/workspaces': [] });
    const { unmount } = render(<RolloutBoard me={liaison} workspaceId={null} state={null} />);
    await settle();
    expect(screen.getByText('No release has been shared with you yet.')).toBeTruthy();
    unmount();

    fakeApi({ 'GET /api/workspaces': [] });
    render(<RolloutBoard me={liaison} workspaceId={null} state={null} />);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/The releases could not be loaded\./);
  });
});
