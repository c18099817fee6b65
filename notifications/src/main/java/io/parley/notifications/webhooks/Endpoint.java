package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An organisation's receiving system. {@code secret} is the signing secret sealed by {@link SecretBox}, never the
 * secret itself; it leaves the service only in the answer to registering or rotating.
 */
@Document("webhook_endpoints")
@CompoundIndexes({ @CompoundIndex(name = "organisation", def = "{'organisationId': 1, 'createdAt': 1}"),
		@CompoundIndex(name = "listening", def = "{'eventTypes': 1}") })
record Endpoint(@Id UUID id, String organisationId, String url, List<String> eventTypes, @Nullable String description,
		State state, String secret, Instant createdAt, String createdBy, @Nullable Instant secretRotatedAt,
		@Nullable Instant failingSince) {

	enum State {

		/** Receives the events it chose. */
		ACTIVE,
		/** Paused by an admin: what it is owed is held (kept, not sent) until it is resumed. */
		PAUSED,
		/** A delivery was retried for the whole retry period and given up: like paused until an admin resumes it. */
		FAILING

	}

}
