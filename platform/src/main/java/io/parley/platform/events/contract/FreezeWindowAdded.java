package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * A freeze window was set on the release calendar (from inclusive, to exclusive): ring starts inside it need the
 * host's approval. Workspace appends it to the portal's audit chain.
 */
@EventType("rollouts.calendar.freeze-added")
public record FreezeWindowAdded(UUID freezeId, Instant from, Instant to, String reason, String actorId) {
}
