package io.parley.platform.events.contract;

import java.util.List;
import java.util.UUID;

/**
 * What every {@code rollouts.release.*} event says about its release: enough for a consumer to decide, with
 * {@code io.parley.platform.labels}, who may hear of it (the releasing organisation shares it, like an uploader's
 * organisation shares a document), and nothing more. {@code kind} is one of {@code KERNEL_DRIVER}, {@code SENSOR},
 * {@code CONTENT_UPDATE}, {@code CONFIGURATION}; {@code label} a TLP 2.0 label such as {@code TLP:AMBER+STRICT}.
 */
public record ReleaseSummary(UUID releaseId, UUID workspaceId, String organisationId, String product, String version,
		String kind, String label, String declaredBy, List<UUID> namedPeople, List<String> namedOrganisations) {
}
