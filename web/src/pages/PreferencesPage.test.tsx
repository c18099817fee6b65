import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { eventName, PreferencesPage } from './PreferencesPage';

const PREFERENCES = {
  timeZone: 'Europe/Berlin',
  channels: {
    'workspace.comment.posted': 'IN_APP',
    'workspace.acknowledgement.requested': 'EMAIL',
  },
  mandatory: ['workspace.acknowledgement.requested'],
};

/** As notifications answers since ADR 0031: `mandatory` and one `notices` entry per type. */
const WITH_HALTS = {
  timeZone: 'Europe/Berlin',
  channels: {
    'workspace.comment.posted': 'IN_APP',
    'rollouts.release.halted': 'EMAIL',
    'rollouts.release.ring-started': 'IN_APP',
  },
  mandatory: ['rollouts.release.halted'],
  notices: [
    { type: 'workspace.comment.posted', description: 'A new comment on a document', defaultChannel: 'IN_APP', mandatory: false, locked: false, allowedChannels: ['IN_APP', 'EMAIL', 'DIGEST', 'OFF'] },
    { type: 'rollouts.release.halted', description: 'A release was halted: stop the line', defaultChannel: 'EMAIL', mandatory: true, locked: true, allowedChannels: ['EMAIL'] },
    { type: 'rollouts.release.ring-started', description: 'A release entered its next ring', defaultChannel: 'IN_APP', mandatory: false, locked: false, allowedChannels: ['IN_APP', 'EMAIL', 'DIGEST', 'OFF'] },
  ],
};

/** Every key notifications' `NoticeType` has for rollouts (ADR 0031). */
const ROLLOUT_NOTICES = [
  'rollouts.release.declared',
  'rollouts.release.scheduled',
  'rollouts.release.ring-started',
  'rollouts.release.sign-off-requested',
  'rollouts.release.signed-off',
  'rollouts.release.halted',
  'rollouts.release.resumed',
  'rollouts.release.rolled-back',
  'rollouts.release.completed',
  'rollouts.release.cancelled',
];

function option(select: HTMLElement, value: string): HTMLOptionElement {
  return [...(select as HTMLSelectElement).options].find((candidate) => candidate.value === value)!;
}

describe('PreferencesPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers every channel, but never Off for a mandatory event type', async () => {
    fakeApi({ 'GET /api/notifications/preferences': PREFERENCES });
    render(<PreferencesPage />);
    await settle();
    const mandatory = screen.getByLabelText('You are asked to acknowledge a document');
    const optional = screen.getByLabelText('Comments and mentions');
    expect(option(mandatory, 'OFF').disabled).toBe(true);
    expect(option(mandatory, 'DIGEST').disabled).toBe(false);
    expect(mandatory.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/Required: cannot be turned off/)).toBeTruthy();
    expect(option(optional, 'OFF').disabled).toBe(false);
    expect((screen.getByLabelText(/^Time zone/) as HTMLSelectElement).value).toBe('Europe/Berlin');
  });

  it('saves the channels and the time zone', async () => {
    const api = fakeApi({
      'GET /api/notifications/preferences': PREFERENCES,
      'PUT /api/notifications/preferences': () => json(null, 204),
    });
    render(<PreferencesPage />);
    await settle();
    fireEvent.change(screen.getByLabelText('Comments and mentions'), { target: { value: 'OFF' } });
    fireEvent.change(screen.getByLabelText(/^Time zone/), { target: { value: 'America/New_York' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(api.sent('PUT', '/api/notifications/preferences')[0].body).toEqual({
      timeZone: 'America/New_York',
      channels: { 'workspace.comment.posted': 'OFF', 'workspace.acknowledgement.requested': 'EMAIL' },
    });
    expect(screen.getByText('Preferences saved.')).toBeTruthy();
  });

  it('shows the service’s words when it refuses', async () => {
    fakeApi({
      'GET /api/notifications/preferences': PREFERENCES,
      'PUT /api/notifications/preferences': () =>
        json({ status: 422, title: 'Mandatory', detail: 'Acknowledgement requests cannot be turned off.' }, 422, 'application/problem+json'),
    });
    render(<PreferencesPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Acknowledgement requests cannot be turned off.');
  });

  it('shows a locked notice with its one channel, disabled, and says why', async () => {
    fakeApi({ 'GET /api/notifications/preferences': WITH_HALTS });
    render(<PreferencesPage />);
    await settle();
    const halted = screen.getByLabelText('A release is halted: stop the line') as HTMLSelectElement;
    expect(halted.disabled).toBe(true);
    expect([...halted.options].map((candidate) => candidate.value)).toEqual(['EMAIL']);
    expect(halted.value).toBe('EMAIL');
    const why = document.getElementById(halted.getAttribute('aria-describedby')!)!;
    expect(why.textContent).toContain('Always sent: stopping a rollout concerns everyone taking part');
    expect(screen.getByText(/Always sent: stopping a rollout/)).toBeTruthy();
    // the other rows stay choosable
    const ringStarted = screen.getByLabelText('A release enters its next ring') as HTMLSelectElement;
    expect(ringStarted.disabled).toBe(false);
    expect(option(ringStarted, 'OFF').disabled).toBe(false);
  });

  it('never changes or sends a locked notice, even when something tries to change it', async () => {
    const api = fakeApi({
      'GET /api/notifications/preferences': WITH_HALTS,
      'PUT /api/notifications/preferences': () => json(WITH_HALTS),
    });
    render(<PreferencesPage />);
    await settle();
    const halted = screen.getByLabelText('A release is halted: stop the line') as HTMLSelectElement;
    fireEvent.change(halted, { target: { value: 'OFF' } });
    fireEvent.change(screen.getByLabelText('A release enters its next ring'), { target: { value: 'DIGEST' } });
    expect((screen.getByLabelText('A release is halted: stop the line') as HTMLSelectElement).value).toBe('EMAIL');
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(api.sent('PUT', '/api/notifications/preferences')[0].body).toEqual({
      timeZone: 'Europe/Berlin',
      channels: { 'workspace.comment.posted': 'IN_APP', 'rollouts.release.ring-started': 'DIGEST' },
    });
  });

  it('shows a locked notice as locked even when an older choice is stored for it', async () => {
    fakeApi({ 'GET /api/notifications/preferences': { ...WITH_HALTS, channels: { ...WITH_HALTS.channels, 'rollouts.release.halted': 'OFF' } } });
    render(<PreferencesPage />);
    await settle();
    expect((screen.getByLabelText('A release is halted: stop the line') as HTMLSelectElement).value).toBe('EMAIL');
  });

  it('names every rollout notice in words, not by its key', () => {
    for (const type of ROLLOUT_NOTICES) {
      expect(eventName(type)).not.toBe(type);
      expect(eventName(type)).not.toMatch(/rollouts\./);
    }
    expect(new Set(ROLLOUT_NOTICES.map((type) => eventName(type))).size).toBe(ROLLOUT_NOTICES.length);
    expect(eventName('rollouts.release.sign-off-requested')).toBe('Your organisation is asked for its go or no-go on a ring');
  });

  it('falls back to the service’s description for a notice type it has no name for', async () => {
    fakeApi({
      'GET /api/notifications/preferences': {
        ...WITH_HALTS,
        notices: [...WITH_HALTS.notices, { type: 'rollouts.release.future', description: 'Something new happened', defaultChannel: 'IN_APP', mandatory: false, locked: false, allowedChannels: ['IN_APP', 'OFF'] }],
      },
    });
    render(<PreferencesPage />);
    await settle();
    const future = screen.getByLabelText('Something new happened') as HTMLSelectElement;
    expect(future.value).toBe('IN_APP');
    expect(option(future, 'EMAIL').disabled).toBe(true);
  });
});
