package io.parley.platform.events.contract;

import io.parley.platform.events.EventType;

/** A partner organisation declared a release with a staged plan of {@code rings} rings (state: draft). */
@EventType("rollouts.release.declared")
public record ReleaseDeclared(ReleaseSummary release, int rings, String actorId) {
}
