package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.List;

import io.parley.platform.events.EventType;

/**
 * A release was scheduled to start its first ring at {@code start}. {@code calendarConflicts} says, in words,
 * why the host's sign-off is needed before it may start (a freeze window, the day's kernel-mode limit); empty when
 * it is not.
 */
@EventType("rollouts.release.scheduled")
public record ReleaseScheduled(ReleaseSummary release, Instant start, List<String> calendarConflicts,
		String actorId) {
}
