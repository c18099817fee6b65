import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { release, RELEASE_ID } from '../test/rollouts';
import { checkCounts } from './HealthReportForm';
import { ReleasePage } from './ReleasePage';
import type { Release } from './types';

const PATH = `/api/rollouts/releases/${RELEASE_ID}`;
const HEALTH = `${PATH}/rings/0/health`;

const NUMBERS = { 'Devices updated': '5000', 'Devices reporting': '4000', Crashes: '2', 'Boot failures': '9', Rollbacks: '0' };

function answer(next: Release, halted: boolean) {
  return {
    report: { observedAt: '2026-05-04T09:00:00Z', devicesUpdated: 5000, devicesReporting: 4000, crashes: 2, bootFailures: 9, rollbacks: 0, crashPerMille: 0.5, bootFailurePerMille: 2.25, rollbackPerMille: 0 },
    gates: [
      { gate: 'CRASH_RATE', measuredPerMille: 0.5, limitPerMille: 5, breached: false },
      { gate: 'BOOT_FAILURE_RATE', measuredPerMille: 2.25, limitPerMille: 2, breached: halted },
    ],
    halted,
    release: next,
  };
}

let current: Release;

/** The service refusing the report with this problem. */
function refused(status: number, type: string, detail: string) {
  return () => json({ type: `urn:parley:problem:${type}`, title: 'Refused', status, detail }, status, 'application/problem+json');
}

function serve(first: Release, health: (call: { headers: Record<string, string> }) => Response) {
  current = first;
  return fakeApi({
    [`GET ${PATH}`]: () => json(current),
    [`GET ${PATH}/health`]: { rings: [] },
    'GET /api/workspaces/w1': { id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:AMBER', myRole: 'CONTRIBUTOR', createdAt: '2026-01-01T00:00:00Z', members: [] },
    [`POST ${HEALTH}`]: health,
  });
}

function form() {
  return screen.getByRole('form', { name: 'Health report for ring 1 (Canary)' });
}

function fill(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    fireEvent.change(within(form()).getByRole('textbox', { name: label }), { target: { value } });
  }
}

function send() {
  fireEvent.click(within(form()).getByRole('button', { name: 'Send the report' }));
}

describe('HealthReportForm on the release page', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is there only when the service allows reporting health', async () => {
    serve(release({ allowed: ['halt'] }), () => json({}, 500));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(screen.queryByRole('form', { name: /Health report/ })).toBeNull();
  });

  it('sends the counts with a key made here and shows the halt a breached gate caused', async () => {
    const halted = release({ state: 'HALTED', halted: { reason: 'Boot-failure rate 2.25 ‰ above the gate of 2 ‰', automatic: true, at: '2026-05-04T09:00:00Z' } });
    const api = serve(release({ allowed: ['report-health'] }), () => {
      current = halted;
      return json(answer(halted, true), 201);
    });
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();

    fill(NUMBERS);
    send();
    await settle();

    const [sent] = api.sent('POST', HEALTH);
    expect(sent.body).toMatchObject({ devicesUpdated: 5000, devicesReporting: 4000, crashes: 2, bootFailures: 9, rollbacks: 0 });
    expect(Date.now() - Date.parse((sent.body as { observedAt: string }).observedAt)).toBeLessThan(60_000);
    expect(sent.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(sent.headers['X-Requested-With']).toBe('XMLHttpRequest');
    // a halted release takes no reports: the form goes, the page shows and says the halt
    expect(screen.getByRole('heading', { name: 'Halted automatically: a health gate was breached' })).toBeTruthy();
    expect(document.body.textContent).toContain('The release is now halted');
    expect(screen.queryByRole('form', { name: /Health report/ })).toBeNull();
  });

  it('sends nothing while the numbers cannot be true, and says so next to each field', async () => {
    const api = serve(release({ allowed: ['report-health'] }), () => json({}, 500));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();

    fill({ ...NUMBERS, 'Devices reporting': '6000', Crashes: '-1', Rollbacks: '' });
    send();
    await settle();

    expect(api.sent('POST', HEALTH)).toHaveLength(0);
    const reporting = within(form()).getByRole('textbox', { name: 'Devices reporting' });
    expect(reporting.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(reporting.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('More devices reporting than updated (5000).');
    expect(within(form()).getByText('Enter a whole number, 0 or more.')).toBeTruthy();
    expect(within(form()).getByText('Enter a number (0 if there were none).')).toBeTruthy();
  });

  it('shows the service’s refusal in its words, next to the field it names', async () => {
    serve(release({ allowed: ['report-health'] }), refused(400, 'invalid-request', 'observedAt: 2026-05-04T10:00:00Z is more than five minutes ahead of the portal’s clock.'));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    fill(NUMBERS);
    fireEvent.change(screen.getByLabelText(/Observed at/), { target: { value: '2099-01-01T10:00' } });
    send();
    await settle();

    expect(screen.getByRole('alert').textContent).toContain('The report was not accepted.');
    expect(screen.getByRole('alert').textContent).toContain('more than five minutes ahead');
    expect(screen.getByLabelText(/Observed at/).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a report out of order (409) in words', async () => {
    serve(release({ allowed: ['report-health'] }), refused(409, 'report-out-of-order', 'This report was observed before the newest one accepted for ring 1 (2026-05-04T09:00:00Z).'));
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    fill(NUMBERS);
    send();
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('observed before the newest one accepted');
  });

  it('after a network failure sends the same report under the same key again, and a changed report under a new one', async () => {
    let fail = true;
    const api = serve(release({ allowed: ['report-health'] }), () => {
      if (fail) {
        throw new TypeError('Failed to fetch');
      }
      return json(answer(current, false), 201);
    });
    render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    fill(NUMBERS);
    send();
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The report may not have arrived. Send it again as it is: it counts once.');

    send();
    await settle();
    fill({ Crashes: '3' });
    send();
    await settle();
    fail = false;
    send();
    await settle();

    const keys = api.sent('POST', HEALTH).map((call) => call.headers['Idempotency-Key']);
    expect(keys).toHaveLength(4);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
    expect(keys[3]).toBe(keys[2]);
    expect(screen.getByText(/Report recorded \(crashes 0\.5 ‰, boot failures 2\.25 ‰ on 4,000 devices reporting\)\. No gate was breached\./)).toBeTruthy();
    expect(within(form()).getByRole('textbox', { name: 'Crashes' })).toHaveProperty('value', '');
  });
});

describe('checkCounts', () => {
  it('accepts counts that could be true and names each one that could not', () => {
    expect(checkCounts({ devicesUpdated: '10', devicesReporting: '10', crashes: '10', bootFailures: '0', rollbacks: '0' })).toEqual({});
    expect(checkCounts({ devicesUpdated: '10', devicesReporting: '8', crashes: '9', bootFailures: '1.5', rollbacks: ' 2 ' })).toEqual({
      crashes: 'More than the 8 devices reporting.',
      bootFailures: 'Enter a whole number, 0 or more.',
    });
  });
});
