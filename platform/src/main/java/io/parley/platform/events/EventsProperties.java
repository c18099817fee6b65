package io.parley.platform.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code parley.events.*}. Nothing here switches the backbone on by itself: recording needs
 * {@code parley.events.producer}, consuming needs an {@link EventSubscription} bean.
 *
 * @param producer the service name written into every envelope ({@code identity}, {@code workspace}, ...)
 * @param exchange the topic exchange events go to
 * @param relay outbox relay settings
 * @param consumer consumer settings
 */
@ConfigurationProperties("parley.events")
public record EventsProperties(@Nullable String producer, @DefaultValue("parley.events") String exchange,
		@DefaultValue Relay relay, @DefaultValue Consumer consumer) {

	/**
	 * @param enabled whether this instance runs a relay (every instance may: one holds the lease on a collection
	 * and publishes it, the others stand by)
	 * @param collections aggregate collections that carry an outbox, scanned after a restart; collections
	 * written through {@link EventRecorder} are added automatically
	 * @param pollInterval how often other instances' writes are looked for; this instance's own writes wake
	 * the relay at once
	 * @param batchSize the confirm window: the events of up to this many aggregates are in flight at once, in four
	 * rounds of a quarter as many (earlier ones waiting for their confirms while the next is published)
	 * @param lease how long a relay's lease on an outbox collection keeps other relays off it unless renewed (it
	 * is renewed every half lease); a relay that dies hands over after at most this long; must exceed
	 * {@code confirmTimeout}
	 * @param confirmTimeout how long to wait for the broker's ack before treating a publish as failed
	 * @param initialBackoff first retry delay of an aggregate whose publish failed, doubled up to
	 * {@code maxBackoff}
	 * @param maxBackoff longest retry delay
	 * @param stuckAfter the health indicator is DOWN while the oldest pending event is older than this
	 */
	public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue List<String> collections,
			@DefaultValue("500ms") Duration pollInterval, @DefaultValue("200") int batchSize,
			@DefaultValue("30s") Duration lease, @DefaultValue("10s") Duration confirmTimeout,
			@DefaultValue("200ms") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
			@DefaultValue("2m") Duration stuckAfter) {
	}

	/**
	 * @param quorum declare the queue and its dead-letter queue as quorum queues (RabbitMQ only; the embedded
	 * Qpid broker rejects the argument)
	 * @param maxAttempts deliveries tried in this consumer before the message goes to {@code <queue>.dlq}
	 * @param initialBackoff delay after the first failure, doubled up to {@code maxBackoff}
	 * @param maxBackoff longest delay between two attempts
	 * @param concurrency listener threads
	 * @param prefetch unacknowledged messages per listener thread
	 * @param publishers producer ({@code identity}, {@code workspace}) to the broker user it connects as; when set,
	 * an event is processed only if RabbitMQ's validated {@code user_id} is the user of the producer owning its type
	 * (others go to the dead-letter queue unhandled); empty (devstack, tests) means no check
	 */
	public record Consumer(@DefaultValue("false") boolean quorum, @DefaultValue("4") int maxAttempts,
			@DefaultValue("100ms") Duration initialBackoff, @DefaultValue("2s") Duration maxBackoff,
			@DefaultValue("1") int concurrency, @DefaultValue("50") int prefetch,
			@DefaultValue Map<String, String> publishers) {
	}

}
