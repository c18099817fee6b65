package io.parley.notifications.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Attempts the deliveries the outbox owes, on threads of its own: at most {@code webhooks.senders} requests in
 * flight per instance, each bounded by the connect and read timeouts, so neither a slow receiver nor many of them
 * reach the event consumer, the pushes or the mail pool. It looks for due deliveries every {@code poll-interval}
 * and at once when an event owes new ones. A failed attempt is retried after {@code first-retry}, doubling up to
 * {@code max-backoff}; once the next attempt would come later than {@code give-up-after} from the first, the
 * delivery is given up and its endpoint is failing (its admins are told, what it still owes is held).
 */
@Component
class DeliveryWorker implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final Outbox outbox;

	private final Endpoints endpoints;

	private final Receivers receivers;

	private final WebhookClient client;

	private final SecretBox secrets;

	private final Directory directory;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final NotificationsProperties.Webhooks settings;

	private final Semaphore slots;

	private final ThreadPoolTaskExecutor sending = new ThreadPoolTaskExecutor();

	private final ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "webhooks-poll");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean running;

	DeliveryWorker(Outbox outbox, Endpoints endpoints, Receivers receivers, SecretBox secrets, Directory directory,
			ApplicationEventPublisher events, Clock clock, NotificationsProperties properties) {
		this.outbox = outbox;
		this.endpoints = endpoints;
		this.receivers = receivers;
		this.secrets = secrets;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
		this.settings = properties.webhooks();
		this.client = new WebhookClient(this.settings.connectTimeout(), this.settings.readTimeout());
		this.slots = new Semaphore(this.settings.senders());
		this.sending.setCorePoolSize(this.settings.senders());
		this.sending.setMaxPoolSize(this.settings.senders());
		this.sending.setQueueCapacity(0); // only as many are claimed as there are free threads
		this.sending.setThreadNamePrefix("webhook-");
		this.sending.setDaemon(true);
		this.sending.initialize();
	}

	@Override
	public void start() {
		this.running = true;
		long every = this.settings.pollInterval().toMillis();
		this.polling.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		this.polling.shutdownNow();
		this.sending.shutdown();
	}

	/** Looks for due deliveries now, off the caller's thread. */
	void wake() {
		if (this.running) {
			try {
				this.polling.execute(this::poll);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// stopping: what is due stays in the outbox for the next start or another instance
			}
		}
	}

	/** Claims due deliveries while there are free threads, and hands each to one. */
	void poll() {
		try {
			while (this.running && this.slots.tryAcquire()) {
				Instant now = this.clock.instant();
				Delivery claimed = this.outbox.claim(now, now.minus(this.settings.claimLease()));
				if (claimed == null) {
					this.slots.release();
					return;
				}
				this.sending.execute(() -> {
					try {
						attempt(claimed);
					}
					finally {
						this.slots.release();
						wake();
					}
				});
			}
		}
		catch (RuntimeException ex) {
			// Mongo away: the next poll tries again; a claim taken before the failure expires after the lease
			log.warn("Looking for due webhook deliveries failed: {}", ex.toString());
		}
	}

	/** One attempt: checks the endpoint and its address again, signs, sends, records. */
	void attempt(Delivery delivery) {
		Endpoint endpoint = this.endpoints.find(delivery.endpointId()).orElse(null);
		if (endpoint == null) {
			this.outbox.forget(delivery);
			log.info("Webhook delivery {} dropped: endpoint {} was deleted", delivery.id(), delivery.endpointId());
			return;
		}
		if (!delivery.test() && endpoint.state() != Endpoint.State.ACTIVE) {
			this.outbox.finish(delivery, new Update().set("state", Delivery.State.HELD));
			return;
		}
		Instant started = this.clock.instant();
		long startedNanos = System.nanoTime();
		WebhookClient.Outcome outcome = send(delivery, endpoint, started);
		long latency = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
		record(delivery, endpoint, outcome, started, latency);
	}

	private WebhookClient.Outcome send(Delivery delivery, Endpoint endpoint, Instant now) {
		String secret;
		try {
			secret = this.secrets.open(endpoint.secret(), endpoint.id().toString());
		}
		catch (SecretBox.Unreadable ex) {
			return new WebhookClient.Outcome(null,
					"the signing secret cannot be read with this instance's key: rotate the secret");
		}
		Receivers.Target target;
		try {
			target = this.receivers.check(endpoint.url());
		}
		catch (Receivers.Refused ex) {
			return new WebhookClient.Outcome(null, "not sent: " + ex.getMessage());
		}
		long timestamp = now.getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("webhook-id", delivery.id());
		headers.put("webhook-timestamp", Long.toString(timestamp));
		headers.put("webhook-signature", Signatures.sign(secret, delivery.id(), timestamp, delivery.body()));
		return this.client.post(target, headers, delivery.body());
	}

	private void record(Delivery delivery, Endpoint endpoint, WebhookClient.Outcome outcome, Instant at,
			long latency) {
		int attempts = delivery.attempts() + 1;
		Update update = new Update().set("attempts", attempts)
			.set("lastAttemptAt", at)
			.set("lastStatus", outcome.status())
			.set("lastLatencyMs", latency)
			.set("lastError", outcome.delivered() ? null : outcome.describe());
		if (outcome.delivered()) {
			this.outbox.finish(delivery, update.set("state", Delivery.State.DELIVERED).set("deliveredAt", at));
			log.info("Webhook delivery {} ({}, event {}) to endpoint {} delivered: HTTP {} in {} ms, attempt {}",
					delivery.id(), delivery.type(), delivery.eventId(), endpoint.id(), outcome.status(), latency,
					attempts);
			return;
		}
		Instant next = at.plus(backoff(attempts));
		boolean giveUp = delivery.test() || next.isAfter(delivery.createdAt().plus(this.settings.giveUpAfter()));
		if (!giveUp) {
			this.outbox.finish(delivery, update.set("state", Delivery.State.PENDING).set("nextAttemptAt", next));
			log.info("Webhook delivery {} ({}, event {}) to endpoint {} failed ({}), attempt {}; next at {}",
					delivery.id(), delivery.type(), delivery.eventId(), endpoint.id(), outcome.describe(), attempts,
					next);
			return;
		}
		this.outbox.finish(delivery, update.set("state", Delivery.State.FAILED));
		log.warn("Webhook delivery {} ({}, event {}) to endpoint {} given up after {} attempt(s): {}", delivery.id(),
				delivery.type(), delivery.eventId(), endpoint.id(), attempts, outcome.describe());
		if (!delivery.test() && this.endpoints.failing(endpoint.id(), at)) {
			this.outbox.hold(endpoint.id());
			Set<String> admins = new LinkedHashSet<>(this.directory.organisationAdmins(endpoint.organisationId()));
			admins.add(endpoint.createdBy());
			log.warn("Webhook endpoint {} of {} is failing; telling {} admin(s)", endpoint.id(),
					endpoint.organisationId(), admins.size());
			this.events.publishEvent(new EndpointFailing(endpoint.id(), endpoint.organisationId(), endpoint.url(), at,
					admins));
		}
	}

	/** After the n-th failed attempt: first-retry × 2^(n-1), at most max-backoff. */
	Duration backoff(int failedAttempts) {
		Duration wait = this.settings.firstRetry();
		for (int i = 1; i < failedAttempts && wait.compareTo(this.settings.maxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.settings.maxBackoff()) > 0) ? this.settings.maxBackoff() : wait;
	}

}
