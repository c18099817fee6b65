package io.parley.platform.events.contract;

import java.util.List;

import io.parley.platform.events.EventType;

/**
 * A release entered ring {@code ring} (0-based): the first ring on start, the next one on an advance.
 * {@code signOffOrganisations} must each say go (or no-go) before the release may leave this ring, so this event
 * is also the request for their sign-off.
 */
@EventType("rollouts.release.ring-started")
public record RingStarted(ReleaseSummary release, int ring, String ringName, List<String> signOffOrganisations,
		String actorId) {
}
