package io.parley.platform.events.contract;

import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/** A document's label (or the people and organisations a RED/AMBER+STRICT label names) changed. */
@EventType("workspace.document.label-changed")
public record DocumentLabelChanged(UUID workspaceId, UUID documentId, String from, String to, UUID changedBy,
		String uploaderOrganisationId, List<UUID> namedPeople, List<String> namedOrganisations) {
}
