package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/** The deadline passed and {@code organisations} (those with nobody who acknowledged) are overdue. */
@EventType("workspace.acknowledgement.overdue")
public record AcknowledgementOverdue(UUID requestId, UUID workspaceId, UUID documentId, int version,
		List<String> organisations, Instant deadline, UUID requestedBy) {
}
