package io.parley.identity.invitation;

import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * The invitee followed the link: their Keycloak account exists and Keycloak mailed them its set-password link.
 * {@code MemberJoined} follows at their first sign-in.
 */
@EventType("identity.invitation.accepted")
public record InvitationAccepted(UUID invitationId, String organisationId, UUID personId, String email) {
}
