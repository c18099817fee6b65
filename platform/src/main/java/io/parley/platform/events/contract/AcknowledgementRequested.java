package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/** An owner asks the named organisations to acknowledge ("read and applied") a document version by a deadline. */
@EventType("workspace.acknowledgement.requested")
public record AcknowledgementRequested(UUID requestId, UUID workspaceId, UUID documentId, int version,
		List<String> organisations, Instant deadline, UUID requestedBy) {
}
