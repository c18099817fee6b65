package io.parley.notifications.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.parley.notifications.preferences.NoticeType;
import io.parley.notifications.webhooks.EndpointFailing;
import io.parley.platform.events.EventEnvelope;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells an organisation's admins in their inbox that one of its webhook endpoints is failing (ADR 0043). Not an
 * event of the backbone: the notice is notifications' own, delivered like any other (preferences, access ended),
 * with an id derived from the endpoint and the moment it failed, so one failure is told once.
 */
@Component
class WebhookNotices {

	private final Deliveries deliveries;

	private final Clock clock;

	WebhookNotices(Deliveries deliveries, Clock clock) {
		this.deliveries = deliveries;
		this.clock = clock;
	}

	@EventListener
	void on(EndpointFailing failing) {
		UUID id = UUID.nameUUIDFromBytes(("webhook-failing/" + failing.endpointId() + "/" + failing.failingSince())
			.getBytes(StandardCharsets.UTF_8));
		EventEnvelope envelope = new EventEnvelope(id, NoticeType.WEBHOOK_FAILING.key(), this.clock.instant(),
				"notifications", failing.endpointId().toString(), 1, JsonNodeFactory.instance.objectNode());
		this.deliveries.deliver(envelope, new Notice(NoticeType.WEBHOOK_FAILING, "Webhook endpoint " + failing.url()
				+ " is failing: a delivery was retried for the whole retry period and given up. Deliveries to it are "
				+ "held: fix the receiving system, then resume the endpoint.", null,
				"/#/organisation/" + failing.organisationId()), failing.admins());
	}

}
