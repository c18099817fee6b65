package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A person became a member of a workspace with a role ({@code owner}, {@code contributor}, {@code reader}). */
@EventType("workspace.membership.added")
public record WorkspaceMemberAdded(UUID workspaceId, UUID personId, String organisationId, String role) {
}
