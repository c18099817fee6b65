// The rollouts service's answers as the SPA uses them (the HTTP contract: docs/adr/0033-rollout-screens.md).
import type { ReleaseStateFilter } from '../router';

export type ReleaseState = ReleaseStateFilter;

export type ReleaseKind = 'KERNEL_DRIVER' | 'SENSOR' | 'CONTENT_UPDATE' | 'CONFIGURATION';

export const RELEASE_KINDS: readonly ReleaseKind[] = ['KERNEL_DRIVER', 'SENSOR', 'CONTENT_UPDATE', 'CONFIGURATION'];

/** What the caller may do to the release right now (the service decides; the page only shows these). */
export type ReleaseAction =
  | 'schedule'
  | 'approve-calendar'
  | 'start'
  | 'advance'
  | 'sign-off'
  | 'halt'
  | 'resume'
  | 'roll-back'
  | 'cancel'
  | 'report-health';

/** Limits in per mille (‰, 0–1000) of the devices reporting. */
export interface Gates {
  maxCrashPerMille: number;
  maxBootFailurePerMille: number;
  maxRollbackPerMille?: number | null;
  minDevicesReporting: number;
}

export interface Halt {
  reason: string;
  automatic: boolean;
  at: string;
}

/** One release on the board. */
export interface ReleaseCard {
  id: string;
  workspaceId: string;
  organisationId: string;
  product: string;
  version: string;
  kind: ReleaseKind | string;
  label: string;
  state: ReleaseState;
  /** 0-based; null before the first ring starts. */
  currentRing: number | null;
  ringCount: number;
  ringName?: string | null;
  scheduledStart?: string | null;
  awaitingSignOff: string[];
  halted: Halt | null;
  updatedAt: string;
}

export interface SignOff {
  organisationId: string;
  decision: 'GO' | 'NO_GO';
  reason?: string | null;
  by: string;
  at: string;
}

export interface HealthReport {
  observedAt: string;
  devicesUpdated: number;
  devicesReporting: number;
  crashes: number;
  bootFailures: number;
  rollbacks: number;
  crashPerMille?: number | null;
  bootFailurePerMille?: number | null;
  rollbackPerMille?: number | null;
}

export interface Ring {
  name: string;
  /** Percent of the fleet (0–100), or a device count in `targetDevices`. */
  targetShare?: number | null;
  targetDevices?: number | null;
  /** ISO-8601 duration, e.g. `PT2H`. */
  minSoak: string;
  gates: Gates;
  signOffOrganisations: string[];
  startedAt?: string | null;
  soakEndsAt?: string | null;
  signOffs: SignOff[];
  latestHealth?: HealthReport | null;
}

export type TimelineKind =
  | 'DECLARED'
  | 'SCHEDULED'
  | 'RING_STARTED'
  | 'SIGNED_OFF'
  | 'HEALTH'
  | 'GATE_BREACHED'
  | 'HALTED'
  | 'RESUME_AGREED'
  | 'RESUMED'
  | 'ROLLED_BACK'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'HOST_APPROVED';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind | string;
  ring?: number | null;
  actor?: string | null;
  text: string;
}

export interface Release extends ReleaseCard {
  summary: string;
  namedPeople: string[];
  namedOrganisations: string[];
  rings: Ring[];
  resumeAgreedBy: string[];
  calendarConflicts: string[];
  hostApproval: { by: string; at: string } | null;
  timeline: TimelineEntry[];
  allowed: ReleaseAction[];
}

/** `GET …/releases/{id}/health`: each ring's reports, oldest first, for the charts. */
export interface ReleaseHealth {
  rings: { ring: number; name: string; gates: Gates; reports: HealthReport[] }[];
}

// --- calendar and policy ---

export interface Freeze {
  id: string;
  from: string;
  to: string;
  reason: string;
}

export interface CalendarEntry {
  releaseId: string | null;
  organisationId: string | null;
  product: string | null;
  version: string | null;
  kind: ReleaseKind | string;
  kernelMode: boolean;
  ring: number;
  /** null for a release the caller may not read. */
  ringName: string | null;
  plannedStart: string;
  /** null for a release the caller may not read. */
  state: ReleaseState | null;
  /**
   * false: a release the caller may not read; it comes without names (time, kind, kernel mode only): `releaseId`,
   * `organisationId`, `product`, `version`, `ringName` and `state` are null.
   */
  visible: boolean;
}

export interface Collision {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  releaseIds: string[];
  count: number;
  overLimit: boolean;
}

export interface ReleaseCalendar {
  freezes: Freeze[];
  kernelModeStartsPerDay: number;
  entries: CalendarEntry[];
  collisions: Collision[];
}

export interface RolloutPolicy {
  kernelModeKinds: string[];
  hostSignOffBeforeLeavingFirstRing: boolean;
  minimumRings: number;
  minimumSoak: string;
  kernelModeStartsPerDay: number;
}
