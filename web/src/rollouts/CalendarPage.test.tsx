import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { engineer, hostAdmin } from '../test/rollouts';
import { calendarDays, visibleRange } from './calendar';
import { CalendarPage } from './CalendarPage';
import type { ReleaseCalendar } from './types';

const WEDNESDAY = new Date('2026-05-06T15:00:00Z');

const calendar: ReleaseCalendar = {
  freezes: [{ id: 'f1', from: '2026-05-12T00:00:00Z', to: '2026-05-13T00:00:00Z', reason: 'Host patch day' }],
  kernelModeStartsPerDay: 2,
  entries: [
    { releaseId: 'r1', organisationId: 'acme-security', product: 'Kernel Shield', version: '2.3.0', kind: 'KERNEL_DRIVER', kernelMode: true, ring: 0, ringName: 'Canary', plannedStart: '2026-05-07T08:00:00Z', state: 'SCHEDULED', visible: true },
    { releaseId: null, organisationId: null, product: null, version: null, kind: 'SENSOR', kernelMode: true, ring: 1, ringName: null, plannedStart: '2026-05-07T10:00:00Z', state: null, visible: false },
    { releaseId: null, organisationId: null, product: null, version: null, kind: 'KERNEL_DRIVER', kernelMode: true, ring: 0, ringName: null, plannedStart: '2026-05-07T12:00:00Z', state: null, visible: false },
    { releaseId: 'r2', organisationId: 'acme-security', product: 'Content pack', version: '2026.05', kind: 'CONTENT_UPDATE', kernelMode: false, ring: 0, ringName: 'Canary', plannedStart: '2026-05-08T09:00:00Z', state: 'SCHEDULED', visible: true },
  ],
  collisions: [{ day: '2026-05-07', releaseIds: ['r1'], count: 3, overLimit: true }],
};

function cell(day: string): HTMLElement {
  const time = document.querySelector(`time[datetime="${day}"]`);
  if (!time) {
    throw new Error(`no day ${day} on the calendar`);
  }
  return time.closest('td')!;
}

function serve(routes: Record<string, unknown> = {}) {
  return fakeApi({
    'GET /api/rollouts/calendar': calendar,
    'GET /api/rollouts/policy': { kernelModeKinds: ['KERNEL_DRIVER', 'SENSOR'], hostSignOffBeforeLeavingFirstRing: true, minimumRings: 2, minimumSoak: 'PT1H', kernelModeStartsPerDay: 2 },
    ...routes,
  });
}

describe('CalendarPage', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for two weeks from Monday (UTC) and shades a freeze, flags an over-limit day and hides what the person may not read', async () => {
    const api = serve();
    render(<CalendarPage me={engineer} today={WEDNESDAY} />);
    await settle();
    expect(api.calls.find((call) => call.path.startsWith('/api/rollouts/calendar'))?.path).toBe(
      '/api/rollouts/calendar?from=2026-05-04T00%3A00%3A00.000Z&to=2026-05-18T00%3A00%3A00.000Z',
    );

    const frozen = cell('2026-05-12');
    expect(frozen.classList.contains('day-freeze')).toBe(true);
    expect(frozen.textContent).toContain('Freeze: Host patch day');
    expect(cell('2026-05-13').classList.contains('day-freeze')).toBe(false);

    const busy = cell('2026-05-07');
    expect(busy.classList.contains('day-over-limit')).toBe(true);
    expect(busy.textContent).toContain('Kernel-mode starts: 3 of 2 — over the limit');
    expect(busy.textContent).toContain('3 ring starts on this day, yours among them');
    const entries = within(busy).getAllByRole('listitem');
    expect(entries.map((entry) => entry.textContent)).toEqual([
      expect.stringMatching(/^Kernel Shield 2\.3\.0 · ring 1 \(Canary\) · .* UTC · Kernel driver, kernel mode · acme-security$/),
      expect.stringMatching(/^Another release · ring 2 · .* UTC · Sensor, kernel mode$/),
      expect.stringMatching(/^Another release · ring 1 · .* UTC · Kernel driver, kernel mode$/),
    ]);
    expect(within(busy).getByRole('link', { name: 'Kernel Shield 2.3.0' }).getAttribute('href')).toBe('#/rollouts/releases/r1');
    expect(entries[0].classList.contains('entry-colliding')).toBe(true);

    const quiet = cell('2026-05-08');
    expect(quiet.classList.contains('day-over-limit')).toBe(false);
    expect(quiet.textContent).not.toContain('Kernel-mode starts');
    expect(screen.getByRole('status').textContent).toBe('4 planned ring starts in this period.');
    // a partner engineer reads freezes and the policy but changes neither
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add freeze window' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save policy' })).toBeNull();
  });

  it('works out the days shown in UTC, and counts a day over the limit itself when the service names no collision', () => {
    const { from, to } = visibleRange('weeks', WEDNESDAY);
    expect([from.toISOString(), to.toISOString()]).toEqual(['2026-05-04T00:00:00.000Z', '2026-05-18T00:00:00.000Z']);
    const month = visibleRange('month', WEDNESDAY);
    expect([month.from.toISOString(), month.to.toISOString()]).toEqual(['2026-04-27T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);

    const days = calendarDays({ ...calendar, collisions: [] }, from, to);
    expect(days).toHaveLength(14);
    const day = (key: string) => days.find((candidate) => candidate.key === key)!;
    expect([day('2026-05-07').kernelModeStarts, day('2026-05-07').overLimit]).toEqual([3, true]);
    expect(calendarDays({ ...calendar, collisions: [], kernelModeStartsPerDay: 3 }, from, to).find((candidate) => candidate.key === '2026-05-07')!.overLimit).toBe(false);
    expect(day('2026-05-12').freezes.map((freeze) => freeze.id)).toEqual(['f1']);
    expect(day('2026-05-13').freezes).toEqual([]);
  });

  it('draws what the service sends for a release the person may not read (no state, no ring name) without a name or a gap', async () => {
    serve({
      'GET /api/rollouts/calendar': {
        ...calendar,
        entries: [
          { releaseId: null, organisationId: null, product: null, version: null, kind: 'CONTENT_UPDATE', kernelMode: false, ring: 2, ringName: null, plannedStart: '2026-05-11T09:30:00Z', state: null, visible: false },
          { releaseId: 'r3', organisationId: 'beta-defence', product: 'Beta EDR', version: '5.0.1', kind: 'SENSOR', kernelMode: true, ring: 0, ringName: null, plannedStart: '2026-05-11T11:00:00Z', state: 'SCHEDULED', visible: true },
        ],
        collisions: [{ day: '2026-05-11', releaseIds: ['r3'], count: 2, overLimit: false }],
      },
    });
    render(<CalendarPage me={engineer} today={WEDNESDAY} />);
    await settle();
    const day = cell('2026-05-11');
    expect(within(day).getAllByRole('listitem').map((entry) => entry.textContent)).toEqual([
      expect.stringMatching(/^Another release · ring 3 · .* UTC · Content update$/),
      expect.stringMatching(/^Beta EDR 5\.0\.1 · ring 1 · .* UTC · Sensor, kernel mode · beta-defence$/),
    ]);
    expect(day.textContent).not.toMatch(/null|undefined|\(\)/);
    expect(within(day).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual(['#/rollouts/releases/r3']);
  });

  it('switches to the month and moves by months', async () => {
    const api = serve();
    render(<CalendarPage me={engineer} today={WEDNESDAY} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Month' }));
    await settle();
    expect(screen.getByRole('button', { name: 'Month' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Next month' }));
    await settle();
    const asked = api.calls.filter((call) => call.path.startsWith('/api/rollouts/calendar')).map((call) => decodeURIComponent(call.path.split('?')[1]));
    expect(asked).toEqual([
      'from=2026-05-04T00:00:00.000Z&to=2026-05-18T00:00:00.000Z',
      'from=2026-04-27T00:00:00.000Z&to=2026-06-01T00:00:00.000Z',
      'from=2026-06-01T00:00:00.000Z&to=2026-07-06T00:00:00.000Z',
    ]);
  });

  it('lets a host organisation admin add and remove freeze windows', async () => {
    const api = serve({
      'POST /api/rollouts/calendar/freezes': () => json({ id: 'f2', from: '', to: '', reason: '' }, 201),
      'DELETE /api/rollouts/calendar/freezes/f1': () => json(null, 204),
    });
    render(<CalendarPage me={hostAdmin} today={WEDNESDAY} />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Add freeze window' }));
    expect(screen.getByRole('alert').textContent).toBe('Give when the freeze starts and ends.');
    expect(api.sent('POST', '/api/rollouts/calendar/freezes')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Starts (your time zone)'), { target: { value: '2026-05-20T00:00' } });
    fireEvent.change(screen.getByLabelText('Ends (your time zone)'), { target: { value: '2026-05-21T00:00' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), { target: { value: 'Quarter close' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add freeze window' }));
    await settle();
    const [added] = api.sent('POST', '/api/rollouts/calendar/freezes');
    expect(added.body).toEqual({ from: new Date('2026-05-20T00:00').toISOString(), to: new Date('2026-05-21T00:00').toISOString(), reason: 'Quarter close' });

    fireEvent.click(screen.getByRole('button', { name: 'Remove the freeze “Host patch day”' }));
    await settle();
    expect(api.sent('DELETE', '/api/rollouts/calendar/freezes/f1')).toHaveLength(1);
  });

  it('lets a portal admin change the policy, with the soak time in ISO-8601', async () => {
    const api = serve({ 'PUT /api/rollouts/policy': (call: { body: unknown }) => json(call.body) });
    render(<CalendarPage me={{ ...engineer, roles: ['member', 'portal-admin'] }} today={WEDNESDAY} />);
    await settle();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sensor' }));
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Soak time at least, amount' }), { target: { value: '30' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Soak time at least, unit' }), { target: { value: 'minutes' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: /Kernel-mode ring starts per day/ }), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await settle();
    expect(api.sent('PUT', '/api/rollouts/policy')[0].body).toEqual({
      kernelModeKinds: ['KERNEL_DRIVER'],
      hostSignOffBeforeLeavingFirstRing: true,
      minimumRings: 2,
      minimumSoak: 'PT30M',
      kernelModeStartsPerDay: 4,
    });
    expect(screen.getByText('Policy saved.')).toBeTruthy();
  });
});
