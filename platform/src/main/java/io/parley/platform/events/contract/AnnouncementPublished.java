package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;
import org.jspecify.annotations.Nullable;

/** An announcement to one workspace, or to everybody when {@code workspaceId} is null. */
@EventType("workspace.announcement.published")
public record AnnouncementPublished(UUID announcementId, @Nullable UUID workspaceId, String title,
		boolean acknowledgementRequested, UUID publishedBy) {
}
