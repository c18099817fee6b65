package io.parley.platform.events.contract;

import java.util.List;

import io.parley.platform.events.EventType;

/**
 * The line stopped: a release in ring {@code ring} was halted, by hand ({@code automatic} false, {@code actorId}
 * the person) or by a breached health gate ({@code automatic} true, {@code breaches} saying which, {@code actorId}
 * the reporter). {@code participants} are the organisations taking part (releasing organisation, those whose
 * sign-off any ring needs, the host); every participant must hear of it. {@code openWarRoom} asks workspace to
 * open an incident workspace for them, once per release.
 */
@EventType("rollouts.release.halted")
public record ReleaseHalted(ReleaseSummary release, int ring, String reason, boolean automatic,
		List<GateBreach> breaches, List<String> participants, boolean openWarRoom, String actorId) {

	/** One breached gate: {@code gate} is {@code CRASH_RATE}, {@code BOOT_FAILURE_RATE} or {@code ROLLBACK_RATE}; rates per thousand devices. */
	public record GateBreach(String gate, double measuredPerMille, double limitPerMille, int devicesReporting) {
	}

}
