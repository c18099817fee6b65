package io.parley.rollouts.releases;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One organisation's decision on leaving a ring; the latest per organisation counts.
 *
 * @param host whether the signer's organisation is a host organisation (their token's {@code org_type})
 */
public record SignOff(String organisationId, Decision decision, @Nullable String reason, String by, Instant at,
		boolean host) {
}
