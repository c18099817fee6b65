import { parseTlp } from '../components/TlpBadge';
import type { Gates, Release, ReleaseCard, ReleaseKind, ReleaseState, Ring, TimelineKind } from './types';

/** Release states in words; the state is always written out, colour only repeats it. */
export const STATE_TEXT: Record<ReleaseState, string> = {
  DRAFT: 'Draft',
  SCHEDULED: 'Scheduled',
  IN_RING: 'In ring',
  HALTED: 'Halted',
  COMPLETED: 'Completed',
  ROLLED_BACK: 'Rolled back',
  CANCELLED: 'Cancelled',
};

export function stateText(state: string): string {
  return STATE_TEXT[state as ReleaseState] ?? state;
}

export function stateClassName(state: string): string {
  return `release-state release-state-${state.toLowerCase().replace(/_/g, '-')}`;
}

export const KIND_TEXT: Record<ReleaseKind, string> = {
  KERNEL_DRIVER: 'Kernel driver',
  SENSOR: 'Sensor',
  CONTENT_UPDATE: 'Content update',
  CONFIGURATION: 'Configuration',
};

export function kindText(kind: string): string {
  return KIND_TEXT[kind as ReleaseKind] ?? kind;
}

export const TIMELINE_TEXT: Record<TimelineKind, string> = {
  DECLARED: 'Declared',
  SCHEDULED: 'Scheduled',
  RING_STARTED: 'Ring started',
  SIGNED_OFF: 'Sign-off',
  HEALTH: 'Health report',
  GATE_BREACHED: 'Gate breached',
  HALTED: 'Halted',
  RESUME_AGREED: 'Resume agreed',
  RESUMED: 'Resumed',
  ROLLED_BACK: 'Rolled back',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  HOST_APPROVED: 'Host approved the calendar',
};

export function timelineText(kind: string): string {
  return TIMELINE_TEXT[kind as TimelineKind] ?? kind;
}

/** "Ring 2 of 3 (Early adopters)"; rings are 0-based in the API, counted from 1 for people. */
export function ringPosition(card: Pick<ReleaseCard, 'currentRing' | 'ringCount' | 'ringName' | 'state'>): string {
  if (card.currentRing === null || card.currentRing === undefined) {
    return card.state === 'DRAFT' || card.state === 'SCHEDULED' || card.state === 'CANCELLED'
      ? `Not started (${card.ringCount} ${card.ringCount === 1 ? 'ring' : 'rings'})`
      : `${card.ringCount} rings`;
  }
  const name = card.ringName ? ` (${card.ringName})` : '';
  return `Ring ${card.currentRing + 1} of ${card.ringCount}${name}`;
}

const perMille = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A rate per thousand devices: "4.5 ‰"; "no rate" when nobody reported. */
export function formatPerMille(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'no rate' : `${perMille.format(value)} ‰`;
}

export function formatCount(value: number): string {
  return perMille.format(value);
}

/** Where the ring goes: "10 % of devices" or "5,000 devices". */
export function ringTarget(ring: Pick<Ring, 'targetShare' | 'targetDevices'>): string {
  if (ring.targetShare !== null && ring.targetShare !== undefined) {
    return `${perMille.format(ring.targetShare)} % of devices`;
  }
  if (ring.targetDevices !== null && ring.targetDevices !== undefined) {
    return `${perMille.format(ring.targetDevices)} devices`;
  }
  return 'No target given';
}

export function gatesText(gates: Gates): string {
  const parts = [`crashes at most ${formatPerMille(gates.maxCrashPerMille)}`, `boot failures at most ${formatPerMille(gates.maxBootFailurePerMille)}`];
  if (gates.maxRollbackPerMille !== null && gates.maxRollbackPerMille !== undefined) {
    parts.push(`rollbacks at most ${formatPerMille(gates.maxRollbackPerMille)}`);
  }
  parts.push(`at least ${formatCount(gates.minDevicesReporting)} devices reporting`);
  return parts.join(', ');
}

// --- ISO-8601 durations (`PT2H`, `P1DT30M`): the plan's soak times and the policy's minimum ---

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO-8601 duration of days, hours, minutes and seconds; null when it is not one. */
export function durationSeconds(iso: string | null | undefined): number | null {
  const text = iso?.trim().toUpperCase() ?? '';
  const match = DURATION.exec(text);
  // `P` and `PT` match the pattern but say nothing; a trailing `T` is not a duration either
  if (!match || match.slice(1).every((part) => part === undefined) || text.endsWith('T')) {
    return null;
  }
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => (part ? Number(part) : 0));
  return Math.round(days * 86_400 + hours * 3_600 + minutes * 60 + seconds);
}

/** The ISO-8601 form the service wants, without days (`PT36H`, `PT1H30M`, `PT45S`). */
export function isoDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole === 0) {
    return 'PT0S';
  }
  const hours = Math.floor(whole / 3_600);
  const minutes = Math.floor((whole % 3_600) / 60);
  const rest = whole % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${rest}S` : ''}`;
}

/** "2 h 30 min", "1 day 4 h", "45 s". */
export function formatDuration(iso: string | null | undefined): string {
  const total = durationSeconds(iso);
  if (total === null) {
    return iso ?? '';
  }
  if (total === 0) {
    return '0 min';
  }
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds) parts.push(`${seconds} s`);
  return parts.join(' ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An actor as the timeline gives it: a person's id (named when the workspace knows them), else as it is. */
export function actorName(actor: string | null | undefined, names: (personId: string) => string | null): string {
  if (!actor) {
    return '';
  }
  if (UUID.test(actor)) {
    return names(actor) ?? `Person ${actor.slice(0, 8)}`;
  }
  return actor;
}

/**
 * Who may read the release, in words, by the one label rule (platform's `Audience`): the releasing organisation
 * shares it as an uploader's organisation shares a document. The service decides; this only says it.
 */
export function releaseAudience(release: Pick<Release, 'label' | 'organisationId' | 'namedPeople' | 'namedOrganisations'>): string {
  switch (parseTlp(release.label)) {
    case 'RED': {
      const named = release.namedPeople.length;
      return `Only the person who declared it and the ${named === 1 ? 'person' : `${named} people`} it names.`;
    }
    case 'AMBER+STRICT': {
      const organisations = [release.organisationId, ...release.namedOrganisations.filter((org) => org !== release.organisationId)];
      return `Workspace members of ${organisations.length === 1 ? organisations[0] : `${organisations.slice(0, -1).join(', ')} and ${organisations[organisations.length - 1]}`}.`;
    }
    case null:
      return 'Not known: treat it as TLP:RED.';
    default:
      return 'All members of the workspace.';
  }
}
