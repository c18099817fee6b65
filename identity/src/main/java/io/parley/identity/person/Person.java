package io.parley.identity.person;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person of an organisation. The id is their Keycloak user id, i.e. the {@code sub} of their tokens and the
 * {@code personId} in every event. Written only through {@link People} (conditional updates that leave the
 * event outbox in the same document alone).
 *
 * @param sponsorId who vouches for a VENDOR or GOVERNMENT person (the inviter unless an admin named someone)
 * @param accessEndsAt when a sponsored person's access ends by itself; null for HOST people
 * @param remindedFor the {@code accessEndsAt} an {@code AccessExpiring} reminder was last recorded for, so one end
 * date gets one reminder however often the job runs, and an extension gets a new one
 * @param version incremented by every change, the {@code aggregateVersion} of its events
 */
@Document("people")
public record Person(@Id UUID id, @Indexed String organisationId, OrganisationType organisationType, String name,
		@Indexed(unique = true) String email, Role role, Status status, @Nullable UUID sponsorId,
		@Indexed @Nullable Instant accessEndsAt, @Nullable Instant remindedFor, @Nullable UUID invitationId,
		Instant createdAt, @Nullable Instant joinedAt, @Nullable Instant offboardedAt, @Nullable UUID offboardedBy,
		long version) {

	public enum Status {

		/** The Keycloak account exists (invitation accepted) but the person has not signed in yet. */
		JOINING,

		ACTIVE,

		/** Disabled in Keycloak, sessions revoked; kept so the e-mail stays taken and history stays readable. */
		OFFBOARDED

	}

	public boolean offboarded() {
		return this.status == Status.OFFBOARDED;
	}

}
