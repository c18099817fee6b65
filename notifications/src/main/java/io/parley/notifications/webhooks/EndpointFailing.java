package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An endpoint gave up on a delivery (retried for {@code give-up-after}) and is now failing: its organisation's
 * admins are to be told in the inbox. Published once per change to failing.
 *
 * @param admins the organisation's admins known to notifications, and whoever registered the endpoint
 */
public record EndpointFailing(UUID endpointId, String organisationId, String url, Instant failingSince,
		Set<String> admins) {
}
