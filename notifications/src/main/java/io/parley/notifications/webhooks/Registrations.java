package io.parley.notifications.webhooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * What organisation admins do with their endpoints, and who may: an organisation's admins ({@code org-admin}) for
 * their own organisation, portal admins for any. Anyone else of that organisation is refused (403); an
 * organisation that is not the caller's own is answered as if it had no endpoints at all (404), and so is an
 * endpoint id of another organisation.
 */
@Service
class Registrations {

	private static final Logger log = LoggerFactory.getLogger(Registrations.class);

	static final int MAX_ENDPOINTS = 20;

	static final int MAX_URL = 2000;

	static final int MAX_DESCRIPTION = 200;

	private final Endpoints endpoints;

	private final Outbox outbox;

	private final Receivers receivers;

	private final SecretBox secrets;

	private final Webhooks webhooks;

	private final Clock clock;

	Registrations(Endpoints endpoints, Outbox outbox, Receivers receivers, SecretBox secrets, Webhooks webhooks,
			Clock clock) {
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.receivers = receivers;
		this.secrets = secrets;
		this.webhooks = webhooks;
		this.clock = clock;
	}

	record Registered(Endpoint endpoint, String secret) {
	}

	List<Endpoint> list(Caller caller, String organisationId) {
		authorise(caller, organisationId);
		return this.endpoints.of(organisationId);
	}

	Endpoint get(Caller caller, String organisationId, UUID id) {
		authorise(caller, organisationId);
		return this.endpoints.find(organisationId, id).orElseThrow(() -> Problem.notFound("webhook endpoint"));
	}

	Registered register(Caller caller, String organisationId, @Nullable String url, @Nullable List<String> eventTypes,
			@Nullable String description) {
		authorise(caller, organisationId);
		List<String> types = eventTypes(eventTypes);
		String trimmedDescription = description(description);
		String checkedUrl = url(url);
		if (this.endpoints.count(organisationId) >= MAX_ENDPOINTS) {
			throw Problem.conflict("webhook-limit", "Too many webhook endpoints", "An organisation can register at most "
					+ MAX_ENDPOINTS + " webhook endpoints. Delete one you no longer use first.");
		}
		UUID id = UUID.randomUUID();
		String secret = Signatures.newSecret();
		Endpoint endpoint = new Endpoint(id, organisationId, checkedUrl, types, trimmedDescription,
				Endpoint.State.ACTIVE, this.secrets.seal(secret, id.toString()), this.clock.instant(), caller.id(),
				null, null);
		this.endpoints.insert(endpoint);
		log.info("Webhook endpoint {} of {} registered by {} for {} event type(s)", id, organisationId, caller.id(),
				types.size());
		return new Registered(endpoint, secret);
	}

	/** A new secret; the old one stops signing at once. */
	Registered rotate(Caller caller, String organisationId, UUID id) {
		get(caller, organisationId, id);
		String secret = Signatures.newSecret();
		Endpoint endpoint = this.endpoints.update(id, new Update().set("secret", this.secrets.seal(secret,
				id.toString())).set("secretRotatedAt", this.clock.instant()));
		log.info("Webhook endpoint {} of {}: secret rotated by {}", id, organisationId, caller.id());
		return new Registered(endpoint, secret);
	}

	Endpoint pause(Caller caller, String organisationId, UUID id) {
		Endpoint endpoint = get(caller, organisationId, id);
		if (endpoint.state() == Endpoint.State.ACTIVE
				&& this.endpoints.move(id, Endpoint.State.ACTIVE, new Update().set("state", Endpoint.State.PAUSED))) {
			this.outbox.hold(id);
			log.info("Webhook endpoint {} of {} paused by {}", id, organisationId, caller.id());
		}
		return get(caller, organisationId, id);
	}

	/**
	 * From paused or failing: what it was owed meanwhile goes out now (a delivery already given up stays failed in
	 * the log; the receiver's owners can find the event in the portal by its link).
	 */
	Endpoint resume(Caller caller, String organisationId, UUID id) {
		Endpoint endpoint = get(caller, organisationId, id);
		if (endpoint.state() != Endpoint.State.ACTIVE && this.endpoints.move(id, endpoint.state(),
				new Update().set("state", Endpoint.State.ACTIVE).unset("failingSince"))) {
			this.outbox.release(id, this.clock.instant());
			log.info("Webhook endpoint {} of {} resumed by {} (was {})", id, organisationId, caller.id(),
					endpoint.state());
		}
		return get(caller, organisationId, id);
	}

	void delete(Caller caller, String organisationId, UUID id) {
		get(caller, organisationId, id);
		if (this.endpoints.delete(id)) {
			this.outbox.forget(id);
			log.info("Webhook endpoint {} of {} deleted by {}", id, organisationId, caller.id());
		}
	}

	Delivery test(Caller caller, String organisationId, UUID id) {
		return this.webhooks.test(get(caller, organisationId, id));
	}

	List<Delivery> deliveries(Caller caller, String organisationId, UUID id, int limit) {
		get(caller, organisationId, id);
		return this.outbox.log(id, limit);
	}

	static void authorise(Caller caller, String organisationId) {
		if (caller.hasRole(Caller.PORTAL_ADMIN)) {
			return;
		}
		if (!organisationId.equals(caller.organisation())) {
			throw Problem.notFound("organisation");
		}
		if (!caller.hasRole(Caller.ORG_ADMIN)) {
			throw Problem.forbidden("Only your organisation's administrators manage its webhooks. Ask one of them to "
					+ "register or change an endpoint.");
		}
	}

	private String url(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw Problem.invalid("Give the URL of your receiving system, starting with https://.");
		}
		if (url.length() > MAX_URL) {
			throw Problem.invalid("The URL is too long: at most " + MAX_URL + " characters.");
		}
		try {
			Receivers.parse(url);
		}
		catch (Receivers.Refused ex) {
			throw Problem.invalid(ex.getMessage());
		}
		try {
			return this.receivers.check(url).url().toString();
		}
		catch (Receivers.Refused ex) {
			throw Problem.unprocessable("webhook-address-refused", "Address not allowed", ex.getMessage());
		}
	}

	private static List<String> eventTypes(@Nullable List<String> eventTypes) {
		if (eventTypes == null || eventTypes.isEmpty()) {
			throw Problem.invalid("Choose at least one event type for the endpoint to receive.");
		}
		Set<String> chosen = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String type : eventTypes) {
			if (type != null && WebhookTypes.OFFERED.containsKey(type)) {
				chosen.add(type);
			}
			else {
				unknown.add(String.valueOf(type));
			}
		}
		if (!unknown.isEmpty()) {
			throw Problem.invalid("These event types cannot be sent to a webhook: " + String.join(", ", unknown)
					+ ". Choose among: " + String.join(", ", WebhookTypes.OFFERED.keySet()) + ".");
		}
		return List.copyOf(chosen);
	}

	private static @Nullable String description(@Nullable String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		if (description.strip().length() > MAX_DESCRIPTION) {
			throw Problem.invalid("The description is too long: at most " + MAX_DESCRIPTION + " characters.");
		}
		return description.strip();
	}

}
