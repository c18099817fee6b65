package io.parley.notifications.webhooks;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.directory.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Turns an event into the deliveries it owes: one per active endpoint that asked for its type, of an organisation
 * that has people in the event's workspace and that the label's audience includes as a whole. Runs on the event
 * consumer's thread but only writes the outbox (one query for the endpoints, one for the workspace's members, one
 * bulk insert); the HTTP requests are {@link DeliveryWorker}'s, so a slow receiver never holds up the inbox or mail.
 */
@Service
public class Webhooks {

	private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Endpoints endpoints;

	private final Outbox outbox;

	private final Directory directory;

	private final DeliveryWorker worker;

	private final Clock clock;

	private final URI publicUrl;

	Webhooks(Endpoints endpoints, Outbox outbox, Directory directory, DeliveryWorker worker, Clock clock,
			NotificationsProperties properties) {
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.directory = directory;
		this.worker = worker;
		this.clock = clock;
		this.publicUrl = properties.publicUrl();
	}

	public void offer(WebhookEvent event) {
		List<Endpoint> listening = this.endpoints.listening(event.type());
		if (listening.isEmpty()) {
			return;
		}
		Set<String> present = this.directory.membersOf(event.workspaceId())
			.stream()
			.map(Directory.Member::organisationId)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		Instant now = this.clock.instant();
		List<Delivery> owed = new ArrayList<>();
		for (Endpoint endpoint : listening) {
			if (mayHear(endpoint.organisationId(), event, present)) {
				owed.add(Delivery.owed(Delivery.idFor(event.eventId(), endpoint.id()), endpoint, event.eventId(),
						event.type(), body(event, endpoint.organisationId()), now, false));
			}
		}
		int duplicates = this.outbox.owe(owed);
		log.info("Event {} ({}): {} webhook deliver{} owed, {} already owed, {} endpoint(s) not in its audience",
				event.eventId(), event.type(), owed.size() - duplicates, (owed.size() - duplicates == 1) ? "y" : "ies",
				duplicates, listening.size() - owed.size());
		if (owed.size() > duplicates) {
			this.worker.wake();
		}
	}

	/**
	 * An organisation's system may hear of it only when the organisation as a whole may see it: it has people in the
	 * workspace, and the label's audience includes every member of the organisation (AMBER and wider; AMBER+STRICT
	 * for the sharer's and the named organisations; RED never, since it names people, not organisations).
	 */
	static boolean mayHear(String organisationId, WebhookEvent event, Set<String> organisationsInWorkspace) {
		return organisationsInWorkspace.contains(organisationId)
				&& event.audience().includesOrganisation(organisationId)
				&& (event.onlyOrganisations() == null || event.onlyOrganisations().contains(organisationId));
	}

	/** Owes the endpoint a test event now (whatever its state: it is how an admin checks a fix). */
	Delivery test(Endpoint endpoint) {
		UUID eventId = UUID.randomUUID();
		Instant now = this.clock.instant();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("eventId", eventId);
		data.put("organisationId", endpoint.organisationId());
		data.put("endpointId", endpoint.id());
		data.put("message", "A test event from Parley: your endpoint received it; check that its signature verifies.");
		Delivery delivery = Delivery.owed(Delivery.idFor(eventId, endpoint.id()), endpoint, eventId,
				WebhookTypes.TEST, payload(WebhookTypes.TEST, now, data), now, true);
		this.outbox.owe(List.of(delivery));
		log.info("Test event {} owed to webhook endpoint {} of {}", delivery.id(), endpoint.id(),
				endpoint.organisationId());
		this.worker.wake();
		return delivery;
	}

	/**
	 * The body: Standard Webhooks' {@code type}, {@code timestamp}, {@code data}. Under TLP:AMBER and narrower (and
	 * unknown labels) only ids, label, type and link; the title only where a title may leave the portal.
	 */
	String body(WebhookEvent event, String organisationId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("eventId", event.eventId());
		data.put("organisationId", organisationId);
		data.put("workspaceId", event.workspaceId());
		data.putAll(event.ids());
		data.put("label", event.label());
		if (event.subject() != null && Labels.titleMayLeavePortal(event.label())) {
			data.put("title", event.subject());
		}
		data.put("link", this.publicUrl.toString().replaceAll("/+$", "") + event.link());
		return payload(event.type(), event.occurredAt(), data);
	}

	private static String payload(String type, Instant timestamp, Map<String, Object> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", timestamp.toString());
		body.put("data", data);
		return JSON.writeValueAsString(body);
	}

}
