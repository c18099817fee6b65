package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A new version of a document was uploaded; the label lets consumers filter who may be told about it. */
@EventType("workspace.document.version-added")
public record DocumentVersionAdded(UUID workspaceId, UUID documentId, int version, String title, String label,
		UUID uploadedBy) {
}
