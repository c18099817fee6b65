package io.parley.identity.invitation;

import java.time.Instant;
import java.util.UUID;

import io.parley.identity.person.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An invitation of {@code name <email>} into an organisation with a role.
 *
 * @param tokenHash hex SHA-256 of the 256-bit token in the link; the token itself is never stored
 * @param expiresAt after this the link is refused; a re-send issues a new token and a new expiry
 * @param sponsorId the sponsor of a VENDOR or GOVERNMENT invitee: the inviter unless an admin named someone
 * @param accessEndsAt a chosen access end; null means the default duration from joining
 * @param claimedAt when an acceptance started (status ACCEPTING); one that crashed can be retried after a while
 * @param version incremented by every change, the {@code aggregateVersion} of its events
 */
@Document("invitations")
record Invitation(@Id UUID id, @Indexed String organisationId, String name, @Indexed String email, Role role,
		@Indexed(unique = true) String tokenHash, Status status, Instant expiresAt, UUID invitedBy,
		@Nullable UUID sponsorId, @Nullable Instant accessEndsAt, int timesSent, Instant createdAt,
		@Nullable Instant claimedAt, @Nullable Instant acceptedAt, @Nullable UUID personId, long version) {

	enum Status {

		PENDING, ACCEPTING, ACCEPTED, REVOKED

	}

	/** What clients see: a pending invitation past its expiry is EXPIRED. */
	String state(Instant now) {
		if (this.status == Status.PENDING && !now.isBefore(this.expiresAt)) {
			return "EXPIRED";
		}
		return this.status.name();
	}

}
