package io.parley.identity.person;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** Roles are {@code member} or {@code org-admin}. */
@EventType("identity.member.role-changed")
public record MemberRoleChanged(UUID personId, String organisationId, String previousRole, String role,
		UUID changedBy) {
}
