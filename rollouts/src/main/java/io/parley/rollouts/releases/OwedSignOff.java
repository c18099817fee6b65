package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/**
 * A sign-off an organisation owes, as "what we owe" lists it (ADR 0044): the release's current ring waits for its
 * GO.
 *
 * @param product null (left out) when only the organisation as a whole, not the caller, may read the release;
 * {@code version} and {@code ringName} likewise
 * @param soakEndsAt the deadline: from then on only sign-offs (and a healthy report) keep the ring from being left
 * @param overdue the soak time has passed and the ring still waits for this organisation
 */
record OwedSignOff(UUID releaseId, UUID workspaceId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String product,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String version, TlpLabel label, int ring,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String ringName, String organisation, Instant soakEndsAt,
		boolean overdue) {
}
