package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** The person was disabled; every service drops their access. */
@EventType("identity.member.offboarded")
public record MemberOffboarded(UUID personId, String organisationId, UUID offboardedBy) {
}
