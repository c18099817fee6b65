package io.parley.workspace.acknowledgements;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One request with every organisation's acknowledgements inside the same document, so that recording an
 * acknowledgement (or the overdue check) and its event are one conditional update on {@code revision} (ADR 0005):
 * never replaced whole.
 *
 * @param version the document version to acknowledge
 * @param requestedBy the owner's person id
 * @param overdueCheckedAt when the overdue job looked at the request after its deadline; set once, so the job
 * records {@code AcknowledgementOverdue} at most once per request
 * @param revision incremented by every change; the {@code aggregateVersion} of its events
 */
@Document("acknowledgement_requests")
@CompoundIndexes({ @CompoundIndex(name = "document", def = "{'documentId': 1, 'requestedAt': 1}"),
		@CompoundIndex(name = "due", def = "{'overdueCheckedAt': 1, 'deadline': 1}") })
record AcknowledgementRequest(@Id UUID id, UUID workspaceId, UUID documentId, int version, Instant deadline,
		String requestedBy, Instant requestedAt, List<OrganisationStatus> organisations,
		@Nullable Instant overdueCheckedAt, long revision) {

	Optional<OrganisationStatus> organisation(String organisation) {
		return this.organisations.stream().filter((status) -> status.organisation().equals(organisation)).findFirst();
	}

	List<String> organisationIds() {
		return this.organisations.stream().map(OrganisationStatus::organisation).toList();
	}

	/** The organisations nobody of which acknowledged. */
	List<String> unacknowledged() {
		return this.organisations.stream()
			.filter((status) -> status.acknowledgements().isEmpty())
			.map(OrganisationStatus::organisation)
			.toList();
	}

	record OrganisationStatus(String organisation, List<Acknowledgement> acknowledgements) {

		boolean acknowledgedBy(String personId) {
			return this.acknowledgements.stream().anyMatch((ack) -> ack.personId().equals(personId));
		}

	}

	record Acknowledgement(String personId, Instant acknowledgedAt) {
	}

}
