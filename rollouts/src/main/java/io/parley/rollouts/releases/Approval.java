package io.parley.rollouts.releases;

import java.time.Instant;

/** The host's approval of a schedule that has calendar conflicts. */
public record Approval(String by, String organisationId, Instant at) {
}
