package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.events.EventType;

/** An invitation was created; notifications mails the link. The token itself never leaves identity. */
@EventType("identity.invitation.issued")
public record InvitationIssued(UUID invitationId, String organisationId, String name, String email,
		UUID invitedBy, Instant expiresAt) {
}
