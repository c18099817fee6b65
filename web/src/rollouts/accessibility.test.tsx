import { render } from '@testing-library/react';
import axe from 'axe-core';
import { fakeApi, settle } from '../test/fakeApi';
import { card, engineer, hostAdmin, release, RELEASE_ID } from '../test/rollouts';
import { ApiClients } from '../pages/ApiClients';
import { CalendarPage } from './CalendarPage';
import { DeclareReleasePage } from './DeclareReleasePage';
import { ReleasePage } from './ReleasePage';
import { RolloutBoard } from './RolloutBoard';

async function violations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('rollout screens, checked by axe-core', { timeout: 60_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('board', async () => {
    fakeApi({ 'GET /api/rollouts/releases': [card({ state: 'HALTED', halted: { reason: 'r', automatic: true, at: '2026-05-04T09:00:00Z' }, awaitingSignOff: ['host-os'] })], 'GET /api/workspaces': [] });
    const { container } = render(<RolloutBoard me={engineer} workspaceId={null} state={null} />);
    await settle();
    expect(await violations(container)).toEqual([]);
  });

  it('release page', async () => {
    fakeApi({
      [`GET /api/rollouts/releases/${RELEASE_ID}`]: release({ allowed: ['sign-off', 'halt', 'advance', 'schedule', 'report-health'] }),
      [`GET /api/rollouts/releases/${RELEASE_ID}/health`]: {
        rings: [{ ring: 0, name: 'Canary', gates: { maxCrashPerMille: 5, maxBootFailurePerMille: 2, minDevicesReporting: 100 }, reports: [{ observedAt: '2026-05-04T08:30:00Z', devicesUpdated: 1000, devicesReporting: 800, crashes: 8, bootFailures: 0, rollbacks: 0 }] }],
      },
    });
    const { container } = render(<ReleasePage id={RELEASE_ID} pollMs={0} />);
    await settle();
    expect(await violations(container)).toEqual([]);
  });

  it('calendar', async () => {
    fakeApi({
      'GET /api/rollouts/calendar': { freezes: [{ id: 'f1', from: '2026-05-12T00:00:00Z', to: '2026-05-13T00:00:00Z', reason: 'Patch day' }], kernelModeStartsPerDay: 1, entries: [], collisions: [] },
      'GET /api/rollouts/policy': { kernelModeKinds: ['SENSOR'], hostSignOffBeforeLeavingFirstRing: true, minimumRings: 2, minimumSoak: 'PT1H', kernelModeStartsPerDay: 1 },
    });
    const { container } = render(<CalendarPage me={{ ...hostAdmin, roles: ['org-admin', 'portal-admin'] }} today={new Date('2026-05-06T00:00:00Z')} />);
    await settle();
    expect(await violations(container)).toEqual([]);
  });

  it('declare form', async () => {
    fakeApi({
      'GET /api/workspaces': [{ id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:RED', myRole: 'OWNER' }],
      'GET /api/workspaces/w1': { id: 'w1', name: 'Safer updates', purpose: '', labelCeiling: 'TLP:RED', myRole: 'OWNER', createdAt: '', members: [{ personId: 'h1', organisation: 'host-os', role: 'OWNER', name: 'Hana Host' }] },
    });
    const { container } = render(<DeclareReleasePage me={engineer} />);
    await settle();
    expect(await violations(container)).toEqual([]);
  });

  it('API clients', async () => {
    fakeApi({ 'GET /api/identity/organisations/acme-security/clients': [{ clientId: 'c1', name: 'Pipeline', createdAt: '2026-05-01T00:00:00Z', createdBy: 'a' }] });
    const { container } = render(<ApiClients organisationId="acme-security" />);
    await settle();
    expect(await violations(container)).toEqual([]);
  });
});
