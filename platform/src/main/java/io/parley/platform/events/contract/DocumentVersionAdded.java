package io.parley.platform.events.contract;

import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * A new version of a document was stored (not yet necessarily scanned clean). The label and its audience
 * ({@code uploaderOrganisationId}, the named people and organisations) let consumers decide who may be told about
 * it without asking workspace: RED reaches the uploader and {@code namedPeople}; AMBER+STRICT the uploader's
 * organisation and {@code namedOrganisations}; lower labels every workspace member.
 */
@EventType("workspace.document.version-added")
public record DocumentVersionAdded(UUID workspaceId, UUID documentId, int version, String title, String label,
		UUID uploadedBy, String uploaderOrganisationId, List<UUID> namedPeople, List<String> namedOrganisations) {
}
