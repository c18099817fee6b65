package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One entry of one person's inbox. {@code title} is empty for labelled content that must not leave the portal
 * (TLP:AMBER and above): the entry then carries only the label and a link.
 */
@Document("notifications")
@CompoundIndex(name = "inbox", def = "{'recipientId': 1, 'createdAt': -1}")
record Notification(@Id UUID id, String recipientId, String type, String title, String link, Instant createdAt,
		@Nullable Instant readAt) {
}
