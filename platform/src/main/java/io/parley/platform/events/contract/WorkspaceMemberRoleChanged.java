package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * A member's role in a workspace changed ({@code owner}, {@code contributor}, {@code reader}, spelled as in
 * {@link WorkspaceMemberAdded}); the person stays a member of the same organisation.
 */
@EventType("workspace.membership.role-changed")
public record WorkspaceMemberRoleChanged(UUID workspaceId, UUID personId, String organisationId, String previousRole,
		String role) {
}
