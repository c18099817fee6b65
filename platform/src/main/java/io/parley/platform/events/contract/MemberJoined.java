package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** An invitation was accepted and the person now exists in Keycloak. */
@EventType("identity.member.joined")
public record MemberJoined(UUID personId, String organisationId, String organisationType, String name,
		String email) {
}
