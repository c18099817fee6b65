package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * An owner soft-deleted a document: it is gone from every answer at once, and its content is purged at
 * {@code purgeAfter}. Like {@link DocumentLabelChanged} it carries the label's audience and no title (a RED or
 * AMBER+STRICT title is itself protected), so a consumer can drop what it holds about the document (inbox links)
 * and decide who may be told without asking workspace.
 */
@EventType("workspace.document.deleted")
public record DocumentDeleted(UUID workspaceId, UUID documentId, String label, UUID deletedBy, Instant deletedAt,
		Instant purgeAfter, String uploaderOrganisationId, List<UUID> namedPeople, List<String> namedOrganisations) {
}
