package io.parley.rollouts.releases;

/** What a {@link TimelineEntry} records. */
public enum TimelineKind {

	DECLARED, SCHEDULED, HOST_APPROVED, RING_STARTED, SIGNED_OFF, HEALTH, GATE_BREACHED, HALTED, RESUME_AGREED,
	RESUMED, ROLLED_BACK, COMPLETED, CANCELLED

}
