package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;
import org.jspecify.annotations.Nullable;

/**
 * An announcement. {@code audience} is {@code WORKSPACE} (members of {@code workspaceId}), {@code ALL_WORKSPACES}
 * (every member of every workspace) or {@code GOVERNMENT} (every person of a GOVERNMENT organisation);
 * {@code workspaceId} is null unless the audience is one workspace.
 */
@EventType("workspace.announcement.posted")
public record AnnouncementPosted(UUID announcementId, String audience, @Nullable UUID workspaceId, String title,
		String label, UUID postedBy) {
}
