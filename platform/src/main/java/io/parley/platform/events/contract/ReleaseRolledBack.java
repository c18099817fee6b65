package io.parley.platform.events.contract;

import io.parley.platform.events.EventType;

/** The releasing organisation rolled a release back from ring {@code ring}; final. */
@EventType("rollouts.release.rolled-back")
public record ReleaseRolledBack(ReleaseSummary release, int ring, String reason, String actorId) {
}
