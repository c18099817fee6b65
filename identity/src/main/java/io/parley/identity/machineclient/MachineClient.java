package io.parley.identity.machineclient;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An organisation's API client as identity remembers it: never its secret (Keycloak keeps that). A revoked client
 * stays, with who revoked it when, so the record of who could act for the organisation keeps its history. Written
 * only through {@link MachineClients} (conditional updates that leave the event outbox in the same document alone).
 *
 * @param clientId the OAuth2 {@code client_id}, also the {@code azp} of its tokens
 * @param keycloakId Keycloak's internal id of the client, which its admin API addresses it by
 * @param serviceAccountId Keycloak's user behind the client: the {@code sub} of its tokens
 * @param version incremented by every change, the {@code aggregateVersion} of its events
 */
@Document("machine_clients")
record MachineClient(@Id String clientId, @Indexed String organisationId, String name, UUID keycloakId,
		UUID serviceAccountId, Instant createdAt, UUID createdBy, @Nullable Instant lastRotatedAt,
		@Nullable UUID lastRotatedBy, @Nullable Instant revokedAt, @Nullable UUID revokedBy, long version) {

	boolean revoked() {
		return this.revokedAt != null;
	}

}
