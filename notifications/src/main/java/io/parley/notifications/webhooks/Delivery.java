package io.parley.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One event owed to one endpoint: the durable outbox entry and its line in the endpoint's delivery log. The id is
 * the {@code webhook-id} every attempt carries, derived from (event, endpoint): the same event consumed twice, or on
 * two instances, collides on it instead of being owed twice. The body is rendered once, so every attempt sends the
 * same bytes.
 */
@Document("webhook_deliveries")
@CompoundIndexes({ @CompoundIndex(name = "due", def = "{'state': 1, 'nextAttemptAt': 1}"),
		@CompoundIndex(name = "log", def = "{'endpointId': 1, 'createdAt': -1}") })
record Delivery(@Id String id, UUID endpointId, String organisationId, UUID eventId, String type, String body,
		State state, int attempts, Instant createdAt, Instant nextAttemptAt, @Nullable Instant claimedAt,
		@Nullable Instant lastAttemptAt, @Nullable Integer lastStatus, @Nullable Long lastLatencyMs,
		@Nullable String lastError, @Nullable Instant deliveredAt, boolean test) {

	enum State {

		/** Due at {@code nextAttemptAt}. */
		PENDING,
		/** An instance is attempting it since {@code claimedAt}; taken over after the claim lease. */
		SENDING,
		DELIVERED,
		/** Retried for the whole back-off period; the endpoint was marked failing. */
		FAILED,
		/** Waiting while its endpoint is paused or failing; due again when it is resumed. */
		HELD

	}

	static String idFor(UUID eventId, UUID endpointId) {
		return "msg_" + UUID.nameUUIDFromBytes((eventId + "/" + endpointId).getBytes(StandardCharsets.UTF_8));
	}

	static Delivery owed(String id, Endpoint endpoint, UUID eventId, String type, String body, Instant now,
			boolean test) {
		// a paused or failing endpoint is still owed it: held, and sent when an admin resumes the endpoint
		State state = (test || endpoint.state() == Endpoint.State.ACTIVE) ? State.PENDING : State.HELD;
		return new Delivery(id, endpoint.id(), endpoint.organisationId(), eventId, type, body, state, 0, now, now, null,
				null, null, null, null, null, test);
	}

}
