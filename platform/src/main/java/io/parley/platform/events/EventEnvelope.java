package io.parley.platform.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * What travels on {@code parley.events}. {@code type} doubles as the routing key
 * ({@code <service>.<aggregate>.<event>}); {@code aggregateVersion} lets a consumer that cares about order
 * ignore a stale event; {@code id} is what consumers deduplicate on.
 */
public record EventEnvelope(UUID id, String type, Instant occurredAt, String producer, String aggregateId,
		long aggregateVersion, JsonNode data) {
}
