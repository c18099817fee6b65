package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Audience;
import org.jspecify.annotations.Nullable;

/**
 * One event as an organisation's system may hear of it: what happened, in which workspace, under which label and to
 * whom ({@code audience}), its ids and a link. An organisation hears it only if it has people in the workspace and
 * the audience includes the organisation as a whole ({@link Audience#includesOrganisation}).
 *
 * @param ids the ids of what it is about ({@code documentId}, {@code releaseId}, a version number), in order
 * @param subject what it is about in words (a document's title, a release's product and version): sent only
 * under labels whose titles may leave the portal
 * @param onlyOrganisations when not {@code null}, only these organisations may hear it (those asked to acknowledge)
 * @param link a path under the portal's public URL
 */
public record WebhookEvent(UUID eventId, String type, Instant occurredAt, UUID workspaceId, String label,
		Audience audience, Map<String, Object> ids, @Nullable String subject, @Nullable Set<String> onlyOrganisations,
		String link) {

	public WebhookEvent {
		ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
		onlyOrganisations = (onlyOrganisations != null) ? Set.copyOf(onlyOrganisations) : null;
	}

}
