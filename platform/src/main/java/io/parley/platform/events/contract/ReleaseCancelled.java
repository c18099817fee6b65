package io.parley.platform.events.contract;

import io.parley.platform.events.EventType;

/** A release was cancelled before its first ring started; final. */
@EventType("rollouts.release.cancelled")
public record ReleaseCancelled(ReleaseSummary release, String reason, String actorId) {
}
