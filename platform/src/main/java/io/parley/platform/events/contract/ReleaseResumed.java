package io.parley.platform.events.contract;

import java.util.List;

import io.parley.platform.events.EventType;

/** A halted release resumed in ring {@code ring}, agreed by the releasing organisation and the host. */
@EventType("rollouts.release.resumed")
public record ReleaseResumed(ReleaseSummary release, int ring, List<String> agreedBy, String actorId) {
}
