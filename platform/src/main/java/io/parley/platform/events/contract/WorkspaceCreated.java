package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A portal admin created a workspace; its first owner follows as {@code WorkspaceMemberAdded}. */
@EventType("workspace.workspace.created")
public record WorkspaceCreated(UUID workspaceId, String name, String labelCeiling, UUID createdBy) {
}
