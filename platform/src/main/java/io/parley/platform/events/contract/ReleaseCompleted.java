package io.parley.platform.events.contract;

import io.parley.platform.events.EventType;

/** A release left its last ring with every gate green and every sign-off given; final. */
@EventType("rollouts.release.completed")
public record ReleaseCompleted(ReleaseSummary release, String actorId) {
}
