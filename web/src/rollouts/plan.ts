import type { FieldProblems } from '../api/fieldProblems';
import { draftIso, draftSeconds, durationDraft, type DurationDraft } from './DurationField';
import type { Ring, RolloutPolicy } from './types';
import { durationSeconds, formatDuration } from './words';

/**
 * The plan as the form holds it: strings as typed, checked here before anything is sent. Problems are keyed by
 * the request body's paths (`rings[1].gates.maxCrashPerMille`), the same keys the service's field problems map to,
 * so both show next to the same control.
 */
export interface RingDraft {
  /** Stable React key while rings are added, moved and removed. */
  key: number;
  name: string;
  target: 'share' | 'devices';
  share: string;
  devices: string;
  soak: DurationDraft;
  maxCrash: string;
  maxBoot: string;
  maxRollback: string;
  minDevices: string;
  signOffOrganisations: string[];
}

/** What the form assumes until the policy is loaded (the service's defaults). */
export const DEFAULT_POLICY: RolloutPolicy = {
  kernelModeKinds: ['KERNEL_DRIVER', 'SENSOR'],
  hostSignOffBeforeLeavingFirstRing: true,
  minimumRings: 2,
  minimumSoak: 'PT1H',
  kernelModeStartsPerDay: 3,
};

let nextKey = 1;

export function newRing(partial: Partial<RingDraft> = {}): RingDraft {
  return {
    key: nextKey++,
    name: '',
    target: 'share',
    share: '',
    devices: '',
    soak: durationDraft('PT2H'),
    maxCrash: '',
    maxBoot: '',
    maxRollback: '',
    minDevices: '',
    signOffOrganisations: [],
    ...partial,
  };
}

/** A usual three-ring plan to start from; every value stays editable and is checked before sending. */
export function startingPlan(): RingDraft[] {
  const gates = { maxCrash: '2', maxBoot: '1', minDevices: '50' };
  return [
    newRing({ name: 'Canary', share: '1', soak: durationDraft('PT4H'), ...gates }),
    newRing({ name: 'Early adopters', share: '10', soak: durationDraft('PT12H'), ...gates }),
    newRing({ name: 'Everyone', share: '100', soak: durationDraft('PT24H'), ...gates }),
  ];
}

function number(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '' || !/^\d+(?:\.\d+)?$/.test(trimmed)) {
    return null;
  }
  return Number(trimmed);
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function planProblems(rings: readonly RingDraft[], policy: RolloutPolicy): FieldProblems {
  const problems: FieldProblems = {};
  const minimumRings = Math.max(1, policy.minimumRings);
  if (rings.length < minimumRings) {
    problems.rings = `The plan needs at least ${minimumRings} ${minimumRings === 1 ? 'ring' : 'rings'}: no release skips rings.`;
  }
  const minimumSoak = durationSeconds(policy.minimumSoak) ?? 0;
  const names = new Set<string>();
  let previousShare: number | null = null;
  rings.forEach((ring, index) => {
    const at = `rings[${index}]`;
    const says = (path: string, text: string) => {
      problems[`${at}.${path}`] = `Ring ${index + 1}: ${text}`;
    };
    const name = ring.name.trim().toLowerCase();
    if (!name) {
      says('name', 'give the ring a name.');
    } else if (names.has(name)) {
      says('name', `another ring is already called “${ring.name.trim()}”; ring names must differ.`);
    }
    names.add(name);

    if (ring.target === 'share') {
      const share = number(ring.share);
      if (share === null || share <= 0 || share > 100) {
        says('targetShare', 'the share of devices must be a number above 0 and at most 100 %.');
      } else if (previousShare !== null && share <= previousShare) {
        says('targetShare', `the share must be larger than the ring before (${previousShare} %).`);
      } else {
        previousShare = share;
      }
    } else {
      const devices = wholeNumber(ring.devices);
      if (devices === null || devices < 1) {
        says('targetDevices', 'the number of devices must be a whole number of at least 1.');
      }
    }

    const soak = draftSeconds(ring.soak);
    if (soak === null) {
      says('minSoak', 'the minimum soak time must be a whole number above 0.');
    } else if (soak < minimumSoak) {
      says('minSoak', `the minimum soak time must be at least ${formatDuration(policy.minimumSoak)} (portal policy).`);
    }

    const gate = (path: string, text: string, words: string, optional = false) => {
      if (optional && text.trim() === '') {
        return;
      }
      const value = number(text);
      if (value === null || value > 1000) {
        says(`gates.${path}`, `the ${words} gate must be a number from 0 to 1000 ‰.`);
      }
    };
    gate('maxCrashPerMille', ring.maxCrash, 'crash-rate');
    gate('maxBootFailurePerMille', ring.maxBoot, 'boot-failure-rate');
    gate('maxRollbackPerMille', ring.maxRollback, 'rollback-rate', true);
    const minDevices = wholeNumber(ring.minDevices);
    if (minDevices === null || minDevices < 1) {
      says('gates.minDevicesReporting', 'at least 1 device must report before the ring may advance.');
    }
  });
  return problems;
}

/** The rings as the API wants them; call only when `planProblems` found nothing. */
export function ringsBody(rings: readonly RingDraft[]): Omit<Ring, 'signOffs'>[] {
  return rings.map((ring) => ({
    name: ring.name.trim(),
    ...(ring.target === 'share' ? { targetShare: number(ring.share) } : { targetDevices: wholeNumber(ring.devices) }),
    minSoak: draftIso(ring.soak) ?? '',
    gates: {
      maxCrashPerMille: number(ring.maxCrash) ?? 0,
      maxBootFailurePerMille: number(ring.maxBoot) ?? 0,
      ...(ring.maxRollback.trim() !== '' ? { maxRollbackPerMille: number(ring.maxRollback) } : {}),
      minDevicesReporting: wholeNumber(ring.minDevices) ?? 1,
    },
    signOffOrganisations: ring.signOffOrganisations,
  }));
}
