package io.parley.platform.events.contract;

import org.jspecify.annotations.Nullable;

import io.parley.platform.events.EventType;

/** An organisation said {@code GO} or {@code NO_GO} (with its reason) for leaving ring {@code ring}. */
@EventType("rollouts.release.signed-off")
public record SignOffRecorded(ReleaseSummary release, int ring, String organisationId, String decision,
		@Nullable String reason, String actorId) {
}
