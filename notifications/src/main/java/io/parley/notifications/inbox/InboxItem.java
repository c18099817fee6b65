package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An inbox entry as the API and the stream show it (ADR 0009). */
public record InboxItem(UUID id, String type, String title, @Nullable String label, String link, Instant createdAt,
		@Nullable Instant readAt) {
}
