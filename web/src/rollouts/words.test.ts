import { DEFAULT_POLICY, newRing, planProblems, ringsBody } from './plan';
import { draftIso, durationDraft } from './DurationField';
import { actorName, durationSeconds, formatDuration, isoDuration, releaseAudience, ringPosition } from './words';

describe('rollout words', () => {
  it('reads and writes ISO-8601 durations', () => {
    expect(durationSeconds('PT2H')).toBe(7200);
    expect(durationSeconds('P1DT30M')).toBe(88_200);
    expect(durationSeconds('pt45s')).toBe(45);
    expect(durationSeconds('P')).toBeNull();
    expect(durationSeconds('PT')).toBeNull();
    expect(durationSeconds('2 hours')).toBeNull();
    expect(isoDuration(5400)).toBe('PT1H30M');
    expect(isoDuration(129_600)).toBe('PT36H');
    expect(formatDuration('P1DT4H')).toBe('1 day 4 h');
    expect(formatDuration('PT90M')).toBe('1 h 30 min');
    expect(durationDraft('PT36H')).toEqual({ amount: '36', unit: 'hours' });
    expect(durationDraft('P2D')).toEqual({ amount: '2', unit: 'days' });
    expect(durationDraft('PT90S')).toEqual({ amount: '90', unit: 'seconds' });
    expect(draftIso({ amount: '3', unit: 'days' })).toBe('PT72H');
    expect(draftIso({ amount: '0', unit: 'hours' })).toBeNull();
    expect(draftIso({ amount: '1.5', unit: 'hours' })).toBeNull();
  });

  it('counts rings from 1 for people', () => {
    expect(ringPosition({ state: 'IN_RING', currentRing: 2, ringCount: 3, ringName: 'Everyone' })).toBe('Ring 3 of 3 (Everyone)');
    expect(ringPosition({ state: 'SCHEDULED', currentRing: null, ringCount: 1, ringName: null })).toBe('Not started (1 ring)');
  });

  it('names a person the workspace knows and shortens one it does not; organisations and clients stay as they are', () => {
    const names = (id: string) => (id.startsWith('11111111') ? 'Pat Partner' : null);
    expect(actorName('11111111-1111-4111-8111-111111111111', names)).toBe('Pat Partner');
    expect(actorName('99999999-1111-4111-8111-111111111111', names)).toBe('Person 99999999');
    expect(actorName('acme-pipeline', names)).toBe('acme-pipeline');
  });
});

describe('release audience in words', () => {
  it('follows the label: RED names people, AMBER+STRICT organisations, the rest the whole workspace', () => {
    const base = { organisationId: 'acme-security', namedPeople: ['p1', 'p2'], namedOrganisations: ['host-os', 'gov-cert'] };
    expect(releaseAudience({ ...base, label: 'TLP:RED' })).toBe('Only the person who declared it and the 2 people it names.');
    expect(releaseAudience({ ...base, label: 'TLP:AMBER+STRICT' })).toBe('Workspace members of acme-security, host-os and gov-cert.');
    expect(releaseAudience({ ...base, label: 'TLP:GREEN' })).toBe('All members of the workspace.');
    expect(releaseAudience({ ...base, label: 'TLP:PURPLE' })).toBe('Not known: treat it as TLP:RED.');
  });
});

describe('plan checks', () => {
  const ring = (name: string, share: string, soak = 'PT2H') =>
    newRing({ name, share, soak: durationDraft(soak), maxCrash: '5', maxBoot: '2', minDevices: '100' });

  it('accepts a sound plan and writes it as the API wants it', () => {
    const rings = [ring('Canary', '1'), ring('Everyone', '100')];
    expect(planProblems(rings, DEFAULT_POLICY)).toEqual({});
    expect(ringsBody(rings)[0]).toEqual({
      name: 'Canary',
      targetShare: 1,
      minSoak: 'PT2H',
      gates: { maxCrashPerMille: 5, maxBootFailurePerMille: 2, minDevicesReporting: 100 },
      signOffOrganisations: [],
    });
  });

  it('refuses shares that do not grow, duplicate names, short soaks, gates outside 0–1000 ‰ and no devices reporting', () => {
    const rings = [ring('Canary', '10'), { ...ring('canary ', '5', 'PT30M'), maxBoot: '-1', maxRollback: '1001', minDevices: '0' }];
    expect(planProblems(rings, DEFAULT_POLICY)).toEqual({
      'rings[1].name': 'Ring 2: another ring is already called “canary”; ring names must differ.',
      'rings[1].targetShare': 'Ring 2: the share must be larger than the ring before (10 %).',
      'rings[1].minSoak': 'Ring 2: the minimum soak time must be at least 1 h (portal policy).',
      'rings[1].gates.maxBootFailurePerMille': 'Ring 2: the boot-failure-rate gate must be a number from 0 to 1000 ‰.',
      'rings[1].gates.maxRollbackPerMille': 'Ring 2: the rollback-rate gate must be a number from 0 to 1000 ‰.',
      'rings[1].gates.minDevicesReporting': 'Ring 2: at least 1 device must report before the ring may advance.',
    });
  });

  it('follows the policy’s minimum number of rings, never fewer than one', () => {
    expect(planProblems([], { ...DEFAULT_POLICY, minimumRings: 0 }).rings).toBe('The plan needs at least 1 ring: no release skips rings.');
    expect(planProblems([ring('Canary', '1'), ring('Everyone', '100')], { ...DEFAULT_POLICY, minimumRings: 3 }).rings).toBe(
      'The plan needs at least 3 rings: no release skips rings.',
    );
  });
});
