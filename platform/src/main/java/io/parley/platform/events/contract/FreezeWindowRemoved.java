package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.events.EventType;

/** A freeze window was taken off the release calendar; it names the window as it was. */
@EventType("rollouts.calendar.freeze-removed")
public record FreezeWindowRemoved(UUID freezeId, Instant from, Instant to, String reason, String actorId) {
}
