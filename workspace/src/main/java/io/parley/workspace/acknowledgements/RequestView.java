package io.parley.workspace.acknowledgements;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An acknowledgement request as the API shows it.
 *
 * @param organisations every named organisation for owners; only the caller's own for the others
 */
record RequestView(UUID id, UUID documentId, int version, Instant deadline, String requestedBy, Instant requestedAt,
		List<OrganisationView> organisations) {

	/** @param overdue the deadline passed and nobody of the organisation acknowledged */
	record OrganisationView(String organisation, List<AcknowledgementView> acknowledgements, boolean overdue) {
	}

	/** @param name when workspace knows the person's name */
	record AcknowledgementView(String personId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String name,
			Instant acknowledgedAt) {
	}

}
