import type { Me } from '../api/types';
import type { Release, ReleaseCard, Ring } from '../rollouts/types';

/** People and releases for the rollout screens' tests, shaped like the rollouts API's answers. */
export const engineer: Me = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Pat Partner',
  email: 'pat@acme.example',
  organisation: 'acme-security',
  organisationType: 'VENDOR',
  roles: ['member'],
};

export const liaison: Me = {
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Gabi Government',
  email: null,
  organisation: 'gov-cert',
  organisationType: 'GOVERNMENT',
  roles: ['member'],
};

export const hostAdmin: Me = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Hana Host',
  email: null,
  organisation: 'host-os',
  organisationType: 'HOST',
  roles: ['member', 'org-admin'],
};

export const RELEASE_ID = '6f1c2a4e-0000-4000-8000-00000000000a';

export function card(overrides: Partial<ReleaseCard> = {}): ReleaseCard {
  return {
    id: RELEASE_ID,
    workspaceId: 'w1',
    organisationId: 'acme-security',
    product: 'Falcon Sensor',
    version: '7.11.2',
    kind: 'SENSOR',
    label: 'TLP:AMBER',
    state: 'IN_RING',
    currentRing: 0,
    ringCount: 3,
    ringName: 'Canary',
    scheduledStart: '2026-05-04T08:00:00Z',
    awaitingSignOff: [],
    halted: null,
    updatedAt: '2026-05-04T09:00:00Z',
    ...overrides,
  };
}

export function ring(overrides: Partial<Ring> = {}): Ring {
  return {
    name: 'Canary',
    targetShare: 1,
    minSoak: 'PT2H',
    gates: { maxCrashPerMille: 5, maxBootFailurePerMille: 2, minDevicesReporting: 100 },
    signOffOrganisations: ['host-os'],
    startedAt: '2026-05-04T08:00:00Z',
    soakEndsAt: '2026-05-04T10:00:00Z',
    signOffs: [],
    latestHealth: null,
    ...overrides,
  };
}

export function release(overrides: Partial<Release> = {}): Release {
  return {
    ...card(),
    summary: 'New boot-time driver verification.',
    namedPeople: [],
    namedOrganisations: [],
    rings: [ring(), ring({ name: 'Early adopters', targetShare: 10, startedAt: null, soakEndsAt: null }), ring({ name: 'Everyone', targetShare: 100, startedAt: null, soakEndsAt: null })],
    resumeAgreedBy: [],
    calendarConflicts: [],
    hostApproval: null,
    timeline: [
      { at: '2026-05-03T12:00:00Z', kind: 'DECLARED', ring: null, actor: engineer.id, text: 'Declared with 3 rings.' },
      { at: '2026-05-04T08:00:00Z', kind: 'RING_STARTED', ring: 0, actor: engineer.id, text: 'Ring 1 (Canary) started.' },
    ],
    allowed: [],
    ...overrides,
  };
}
