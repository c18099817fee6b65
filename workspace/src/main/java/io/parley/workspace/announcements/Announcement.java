package io.parley.workspace.announcements;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An announcement, written once. Its own document (not inside the workspace's, which would grow without bound)
 * carries the event outbox and the audit outbox of the write that created it.
 *
 * @param workspaceId the workspace for {@code WORKSPACE}, null for the others
 * @param postedBy the poster's person id
 */
@Document("announcements")
@CompoundIndex(name = "audience", def = "{'audience': 1, 'workspaceId': 1, 'postedAt': -1}")
record Announcement(@Id UUID id, Audience audience, @Nullable UUID workspaceId, String title, String body,
		TlpLabel label, String postedBy, Instant postedAt) {

	/** Who an announcement is for; the {@code audience} of the {@code AnnouncementPosted} contract. */
	enum Audience {

		/** The members of one workspace. */
		WORKSPACE,

		/** Every member of every workspace. */
		ALL_WORKSPACES,

		/** Every person of a GOVERNMENT organisation. */
		GOVERNMENT

	}

}
