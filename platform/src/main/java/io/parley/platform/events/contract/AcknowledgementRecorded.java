package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A person acknowledged a requested document version on behalf of their organisation. */
@EventType("workspace.acknowledgement.recorded")
public record AcknowledgementRecorded(UUID requestId, UUID workspaceId, UUID documentId, int version,
		UUID personId, String organisationId, UUID requestedBy) {
}
