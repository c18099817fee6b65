import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { NOTIFICATION_EVENT } from '../notifications/unreadStream';
import { fakeApi, json, settle } from '../test/fakeApi';
import { engineer, release, RELEASE_ID, ring } from '../test/rollouts';
import { ReleasePage } from './ReleasePage';
import type { Release, ReleaseAction } from './types';

const PATH = `/api/rollouts/releases/${RELEASE_ID}`;

const health = {
  rings: [
    {
      ring: 0,
      name: 'Canary',
      gates: { maxCrashPerMille: 5, maxBootFailurePerMille: 2, minDevicesReporting: 100 },
      reports: [
        { observedAt: '2026-05-04T08:30:00Z', devicesUpdated: 1000, devicesReporting: 800, crashes: 1, bootFailures: 0, rollbacks: 0, crashPerMille: 1.25, bootFailurePerMille: 0, rollbackPerMille: 0 },
        { observedAt: '2026-05-04T09:00:00Z', devicesUpdated: 1200, devicesReporting: 1000, crashes: 2, bootFailures: 1, rollbacks: 0, crashPerMille: 2, bootFailurePerMille: 1, rollbackPerMille: 0 },
      ],
    },
  ],
};

/** The fake service holds the release; an action answered with `becomes(next)` changes what GET answers too. */
let current: Release;

function becomes(next: Release) {
  return () => {
    current = next;
    return json(next);
  };
}

function serve(first: Release, routes: Record<string, unknown> = {}) {
  current = first;
  return fakeApi({
    [`GET ${PATH}`]: () => json(current),
    [`GET ${PATH}/health`]: health,
    'GET /api/workspaces/w1': {
      id: 'w1',
      name: 'Safer updates',
      purpose: '',
      labelCeiling: 'TLP:AMBER',
      myRole: 'CONTRIBUTOR',
      createdAt: '2026-01-01T00:00:00Z',
      members: [{ personId: engineer.id, organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Pat Partner' }],
    },
    ...routes,
  });
}

const ALL_ACTIONS: ReleaseAction[] = ['schedule', 'approve-calendar', 'start', 'advance', 'sign-off', 'halt', 'resume', 'roll-back', 'cancel'];

/** Every control any action could show, by its accessible name. */
const CONTROLS: Record<string, RegExp> = {
  schedule: /^Schedule$/,
  'approve-calendar': /^Approve the calendar conflicts$/,
  start: /^Start ring 1$/,
  advance: /^Advance to ring 2$/,
  'sign-off': /^(Go|No-go)$/,
  halt: /^Halt the release$/,
  resume: /^Agree to resume$/,
  'roll-back': /^Roll back the release$/,
  cancel: /^Cancel the release$/,
};

function shownActions(): string[] {
  const panel = screen.getByRole('region', { name: 'What you can do' });
  const names = within(panel)
    .queryAllByRole('button')
    .map((button) => button.textContent ?? '');
  return Object.entries(CONTROLS)
    .filter(([, name]) => names.some((candidate) => name.test(candidate)))
    .map(([action]) => action);
}

describe('ReleasePage', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the header, the rings with their gates, the timeline with names, and the chart of each ring', async () => {
    serve(release({ awaitingSignOff: ['host-os'] }));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'Falcon Sensor 7.11.2' })).toBeTruthy();
    expect(screen.getByText('In ring')).toBeTruthy();
    expect(screen.getByText('TLP:AMBER')).toBeTruthy();
    expect(screen.getByText('Still owes a sign-off').nextElementSibling?.textContent).toBe('host-os');
    const canary = screen.getByRole('region', { name: /Ring 1 \(Canary\)/ });
    expect(canary.textContent).toContain('Current ring');
    expect(canary.textContent).toContain('crashes at most 5 ‰, boot failures at most 2 ‰, at least 100 devices reporting');
    expect(within(canary).getByRole('img', { name: /Ring 1 \(Canary\): failure rates per thousand devices/ })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Ring 2 (Early adopters)' })).getByText(/No health reports for this ring yet/)).toBeTruthy();

    const timeline = screen.getByRole('region', { name: 'Timeline' });
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries[0].textContent).toContain('Ring started');
    expect(entries[0].textContent).toContain('Pat Partner');
    expect(entries[1].textContent).toContain('Declared');
  });

  it.each([
    [[] as ReleaseAction[]],
    [['sign-off'] as ReleaseAction[]],
    [['advance', 'halt', 'roll-back'] as ReleaseAction[]],
    [['schedule', 'cancel'] as ReleaseAction[]],
    [['approve-calendar', 'start'] as ReleaseAction[]],
    [['resume', 'halt'] as ReleaseAction[]],
    [ALL_ACTIONS],
  ])('shows exactly the actions the service allows: %j', async (allowed) => {
    serve(release({ allowed }));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(shownActions()).toEqual(ALL_ACTIONS.filter((action) => allowed.includes(action)));
  });

  it('shows a government liaison (nothing allowed) the release read-only, with no button at all', async () => {
    serve(release({ allowed: [], state: 'HALTED', halted: { reason: 'Crash rate 9 ‰ above the gate of 5 ‰', automatic: true, at: '2026-05-04T09:30:00Z' } }));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(within(screen.getByRole('region', { name: 'What you can do' })).queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText(/There is nothing for you to do on this release now/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Halted automatically: a health gate was breached' })).toBeTruthy();
    expect(screen.getByText('Crash rate 9 ‰ above the gate of 5 ‰')).toBeTruthy();
  });

  it('shows a 409 on advancing as the list of every condition still unmet', async () => {
    const api = serve(release({ allowed: ['advance'] }), {
      [`POST ${PATH}/advance`]: () =>
        json(
          {
            type: 'urn:parley:problem:advance-refused',
            title: 'Conflict',
            status: 409,
            state: 'IN_RING',
            detail: 'soak ends at 2026-05-04T10:00:00Z; devices reporting 80 < 100; awaiting go from [host-os]',
          },
          409,
          'application/problem+json',
        ),
    });
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Advance to ring 2' }));
    await settle();
    expect(api.sent('POST', `${PATH}/advance`)).toHaveLength(1);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The release cannot advance yet.');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'soak ends at 2026-05-04T10:00:00Z',
      'devices reporting 80 < 100',
      'awaiting go from [host-os]',
    ]);
  });

  it('records a go and a no-go with its reason for the current ring, and shows the release as it comes back', async () => {
    const first = release({ currentRing: 1, ringName: 'Early adopters', allowed: ['sign-off'] });
    const signed = release({
      currentRing: 1,
      ringName: 'Early adopters',
      allowed: ['sign-off'],
      rings: [ring(), ring({ name: 'Early adopters', signOffs: [{ organisationId: 'host-os', decision: 'NO_GO', reason: 'Wait for the patch day', by: engineer.id, at: '2026-05-04T09:10:00Z' }] })],
    });
    const api = serve(first, { [`POST ${PATH}/rings/1/sign-offs`]: becomes(signed) });
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(screen.getByRole('heading', { name: 'Your organisation’s decision on ring 2 (Early adopters)' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    await settle();
    expect(api.sent('POST', `${PATH}/rings/1/sign-offs`)[0].body).toEqual({ decision: 'GO' });

    fireEvent.click(screen.getByRole('button', { name: 'No-go' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send no-go' }));
    expect(api.sent('POST', `${PATH}/rings/1/sign-offs`)).toHaveLength(1); // no reason: nothing sent
    expect(screen.getByText('Give a reason: the other organisations read it.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /Why not\?/ }), { target: { value: 'Wait for the patch day' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send no-go' }));
    await settle();
    expect(api.sent('POST', `${PATH}/rings/1/sign-offs`)[1].body).toEqual({ decision: 'NO_GO', reason: 'Wait for the patch day' });
    const table = screen.getByRole('table', { name: 'Ring 2 (Early adopters): sign-offs' });
    expect(table.textContent).toContain('No-go');
    expect(table.textContent).toContain('Wait for the patch day');
  });

  it('halts with a reason and, when ticked, asks for a war room', async () => {
    const api = serve(release({ allowed: ['halt'] }), {
      [`POST ${PATH}/halt`]: becomes(release({ state: 'HALTED', halted: { reason: 'Customer reports of boot loops', automatic: false, at: '2026-05-04T09:40:00Z' } })),
    });
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    const toggle = screen.getByRole('button', { name: 'Halt the release' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: /Why halt\?/ }));
    fireEvent.change(screen.getByRole('textbox', { name: /Why halt\?/ }), { target: { value: 'Customer reports of boot loops' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Open a war room/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Halt now' }));
    await settle();
    expect(api.sent('POST', `${PATH}/halt`)[0].body).toEqual({ reason: 'Customer reports of boot loops', openWarRoom: true });
    expect(screen.getByRole('heading', { name: 'Halted by hand' })).toBeTruthy();
  });

  it('refreshes at once when the notification stream brings news of this release, and not for another one', async () => {
    const api = serve(release());
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(api.sent('GET', PATH)).toHaveLength(1);

    await act(async () => {
      window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: { id: 'n1', type: 'rollouts.release.halted', title: 'Halted', link: '#/rollouts/releases/another-one' } }));
    });
    await settle();
    expect(api.sent('GET', PATH)).toHaveLength(1);

    api.fetch.mockClear();
    serve(release({ state: 'HALTED', halted: { reason: 'Crash rate 9 ‰ above the gate of 5 ‰', automatic: true, at: '2026-05-04T09:30:00Z' } }));
    await act(async () => {
      window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: { id: 'n2', type: 'rollouts.release.halted', title: 'Halted', link: `#/rollouts/releases/${RELEASE_ID}` } }));
    });
    await settle();
    expect(screen.getByRole('heading', { name: 'Halted automatically: a health gate was breached' })).toBeTruthy();
    expect(document.body.textContent).toContain('The release is now halted, ring 1 of 3 (canary): Crash rate 9 ‰ above the gate of 5 ‰.');
  });

  it('refreshes at once for the link notifications sends (/#/rollouts/releases/<id>), not for a release whose id only starts the same', async () => {
    const api = serve(release());
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(api.sent('GET', PATH)).toHaveLength(1);

    await act(async () => {
      window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: { id: 'n1', type: 'rollouts.release.halted', title: 'Halted', link: `/#/rollouts/releases/${RELEASE_ID}-2` } }));
    });
    await settle();
    expect(api.sent('GET', PATH)).toHaveLength(1);

    serve(release({ state: 'HALTED', halted: { reason: 'Crash rate 9 ‰ above the gate of 5 ‰', automatic: true, at: '2026-05-04T09:30:00Z' } }));
    await act(async () => {
      window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: { id: 'n2', type: 'rollouts.release.halted', title: 'Halted', link: `/#/rollouts/releases/${RELEASE_ID}` } }));
    });
    await settle();
    expect(screen.getByRole('heading', { name: 'Halted automatically: a health gate was breached' })).toBeTruthy();
  });

  it('polls while the release is live, and keeps showing it when a refresh fails', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      serve(release());
      render(<ReleasePage id={RELEASE_ID} pollMs={10_000} />);
      await settle();
      const failing = serve(release(), { [`GET ${PATH}`]: () => json({ title: 'Bad Gateway', status: 502 }, 502, 'application/problem+json') });
      await act(async () => {
        vi.advanceTimersByTime(10_000);
      });
      await settle();
      expect(screen.getByRole('heading', { level: 1, name: 'Falcon Sensor 7.11.2' })).toBeTruthy();
      expect(screen.getByText(/This page could not be brought up to date: This part of Parley is not available right now/)).toBeTruthy();
      expect(failing.sent('GET', PATH)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says in words when the release is not there (or not for this person)', async () => {
    fakeApi({});
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('This release could not be loaded.');
  });
});
