package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An organisation's webhook endpoints (ADR 0043); who may do what is {@link Registrations}'. */
@RestController
@RequestMapping("/api/notifications")
class WebhooksController {

	private static final String ENDPOINTS = "/organisations/{organisationId}/webhooks";

	private static final String ENDPOINT = ENDPOINTS + "/{id}";

	private final Registrations registrations;

	private final int logSize;

	WebhooksController(Registrations registrations, io.parley.notifications.NotificationsProperties properties) {
		this.registrations = registrations;
		this.logSize = properties.webhooks().logSize();
	}

	/** The event types an endpoint may ask for, with what each means. */
	@GetMapping("/webhooks/event-types")
	List<EventTypeView> eventTypes() {
		return WebhookTypes.OFFERED.entrySet()
			.stream()
			.map((type) -> new EventTypeView(type.getKey(), type.getValue()))
			.toList();
	}

	@GetMapping(ENDPOINTS)
	List<EndpointView> list(Caller caller, @PathVariable String organisationId) {
		return this.registrations.list(caller, organisationId).stream().map(EndpointView::of).toList();
	}

	/** Registers an endpoint; the answer is the only one that ever holds its secret. */
	@PostMapping(ENDPOINTS)
	ResponseEntity<SecretIssued> register(Caller caller, @PathVariable String organisationId,
			@RequestBody RegisterRequest request) {
		Registrations.Registered registered = this.registrations.register(caller, organisationId, request.url(),
				request.eventTypes(), request.description());
		return ResponseEntity.status(HttpStatus.CREATED).body(SecretIssued.of(registered));
	}

	@GetMapping(ENDPOINT)
	EndpointView get(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return EndpointView.of(this.registrations.get(caller, organisationId, id));
	}

	@PostMapping(ENDPOINT + "/rotate")
	SecretIssued rotate(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return SecretIssued.of(this.registrations.rotate(caller, organisationId, id));
	}

	@PostMapping(ENDPOINT + "/pause")
	EndpointView pause(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return EndpointView.of(this.registrations.pause(caller, organisationId, id));
	}

	@PostMapping(ENDPOINT + "/resume")
	EndpointView resume(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return EndpointView.of(this.registrations.resume(caller, organisationId, id));
	}

	@DeleteMapping(ENDPOINT)
	ResponseEntity<Void> delete(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		this.registrations.delete(caller, organisationId, id);
		return ResponseEntity.noContent().build();
	}

	/** Sends a test event soon; its line in the delivery log shows how the receiver answered. */
	@PostMapping(ENDPOINT + "/test")
	ResponseEntity<DeliveryView> test(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return ResponseEntity.accepted().body(DeliveryView.of(this.registrations.test(caller, organisationId, id)));
	}

	/** The endpoint's latest deliveries, newest first. */
	@GetMapping(ENDPOINT + "/deliveries")
	List<DeliveryView> deliveries(Caller caller, @PathVariable String organisationId, @PathVariable UUID id) {
		return this.registrations.deliveries(caller, organisationId, id, this.logSize)
			.stream()
			.map(DeliveryView::of)
			.toList();
	}

	record RegisterRequest(@Nullable String url, @Nullable List<String> eventTypes, @Nullable String description) {
	}

	record EventTypeView(String type, String description) {
	}

	record EndpointView(UUID id, String organisationId, String url, List<String> eventTypes,
			@Nullable String description, Endpoint.State state, Instant createdAt, String createdBy,
			@Nullable Instant secretRotatedAt, @Nullable Instant failingSince) {

		static EndpointView of(Endpoint endpoint) {
			return new EndpointView(endpoint.id(), endpoint.organisationId(), endpoint.url(), endpoint.eventTypes(),
					endpoint.description(), endpoint.state(), endpoint.createdAt(), endpoint.createdBy(),
					endpoint.secretRotatedAt(), endpoint.failingSince());
		}

	}

	record SecretIssued(EndpointView endpoint, String secret) {

		static SecretIssued of(Registrations.Registered registered) {
			return new SecretIssued(EndpointView.of(registered.endpoint()), registered.secret());
		}

	}

	/** A line of the delivery log: never the body (it is the event's, and may be large), never a header. */
	record DeliveryView(String id, UUID eventId, String type, Delivery.State state, int attempts, Instant createdAt,
			@Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt, @Nullable Integer lastStatus,
			@Nullable Long lastLatencyMs, @Nullable String lastError, @Nullable Instant deliveredAt, boolean test) {

		static DeliveryView of(Delivery delivery) {
			boolean waiting = delivery.state() == Delivery.State.PENDING;
			return new DeliveryView(delivery.id(), delivery.eventId(), delivery.type(), delivery.state(),
					delivery.attempts(), delivery.createdAt(), delivery.lastAttemptAt(),
					waiting ? delivery.nextAttemptAt() : null, delivery.lastStatus(), delivery.lastLatencyMs(),
					delivery.lastError(), delivery.deliveredAt(), delivery.test());
		}

	}

}
