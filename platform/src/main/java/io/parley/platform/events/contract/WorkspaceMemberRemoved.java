package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A person is no longer a member of a workspace. */
@EventType("workspace.membership.removed")
public record WorkspaceMemberRemoved(UUID workspaceId, UUID personId) {
}
