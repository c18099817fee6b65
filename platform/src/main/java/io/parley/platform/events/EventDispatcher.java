package io.parley.platform.events;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;

/**
 * The listener behind a subscription's queue, in manual-ack mode: a message is acknowledged only after its
 * handler (and so the consumer's own write) returned. A failing handler is retried here with exponential
 * backoff; after {@code maxAttempts} the message is republished to {@code <queue>.dlq} with the reason in
 * {@code x-exception-*} headers (Spring AMQP's republishing recoverer, waiting for the broker's confirm) and only
 * then acknowledged. This needs no {@code x-dead-letter-exchange} queue argument, which the embedded Qpid broker
 * rejects. A message that cannot even be read goes to the dead-letter queue at once: retrying cannot fix it. Nor
 * can it fix an event that does not come from the service owning its type ({@link PublisherCheck}): it is never
 * handled and goes to the dead-letter queue at once, with one log line.
 */
final class EventDispatcher implements ChannelAwareMessageListener {

	private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

	private final EventSubscription subscription;

	private final JsonMapper json;

	private final MessageRecoverer deadLetters;

	private final PublisherCheck publishers;

	private final EventsProperties.Consumer settings;

	private final Clock clock;

	private final Timer lag;

	private final Timer publishToAck;

	private final Counter handled;

	private final Counter deadLettered;

	EventDispatcher(EventSubscription subscription, JsonMapper json, MessageRecoverer deadLetters,
			PublisherCheck publishers, EventsProperties.Consumer settings, Clock clock, MeterRegistry meters) {
		this.subscription = subscription;
		this.json = json;
		this.deadLetters = deadLetters;
		this.publishers = publishers;
		this.settings = settings;
		this.clock = clock;
		String queue = subscription.queueName();
		this.lag = Timer.builder("parley.events.consumer.lag")
			.description("From the event's occurrence until this consumer applied it")
			.tag("queue", queue)
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.publishToAck = Timer.builder("parley.events.consumer.publish-to-ack")
			.description("From the relay's publish until this consumer acknowledged it")
			.tag("queue", queue)
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.handled = Counter.builder("parley.events.consumed").tag("queue", queue).register(meters);
		this.deadLettered = Counter.builder("parley.events.dead.letters")
			.description("Messages moved to the dead-letter queue")
			.tag("queue", queue)
			.register(meters);
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long tag = message.getMessageProperties().getDeliveryTag();
		EventEnvelope envelope;
		EventSubscription.Handler<?> handler;
		Object event;
		try {
			envelope = this.json.readValue(message.getBody(), EventEnvelope.class);
			handler = this.subscription.handler(envelope.type());
			if (handler == null) {
				throw new IllegalArgumentException("No handler for event type " + envelope.type() + " on queue "
						+ this.subscription.queueName());
			}
			event = this.json.treeToValue(envelope.data(), handler.eventClass());
		}
		catch (RuntimeException ex) {
			deadLetter(message, channel, tag, ex);
			return;
		}
		String refusal = this.publishers.refusal(envelope, message.getMessageProperties());
		if (refusal != null) {
			// Never handled, never retried: kept in the dead-letter queue as evidence.
			log.warn("Refused event {} of type {} on queue {}: {}", envelope.id(), envelope.type(),
					this.subscription.queueName(), refusal);
			deadLetter(message, channel, tag, new RefusedPublisher(refusal));
			return;
		}
		Exception failure = null;
		for (int attempt = 1; attempt <= this.settings.maxAttempts(); attempt++) {
			try {
				handler.handle(event, envelope);
				channel.basicAck(tag, false);
				record(envelope, message);
				return;
			}
			catch (Exception ex) {
				failure = ex;
				log.debug("Attempt {} of {} failed for event {}", attempt, envelope.id(), ex);
				if (attempt < this.settings.maxAttempts() && !pause(attempt)) {
					// Stopping: give the message back rather than dead-lettering it for a shutdown.
					channel.basicNack(tag, false, true);
					return;
				}
			}
		}
		deadLetter(message, channel, tag, failure);
	}

	private void deadLetter(Message message, Channel channel, long tag, Throwable cause) throws Exception {
		this.publishers.markForRepublishing(message.getMessageProperties());
		try {
			this.deadLetters.recover(message, cause);
		}
		catch (RuntimeException ex) {
			// Not confirmed into the dead-letter queue: keep it in the main queue, nothing is dropped.
			log.warn("Could not dead-letter message {}; it goes back to the queue", message.getMessageProperties()
				.getMessageId(), ex);
			channel.basicNack(tag, false, true);
			return;
		}
		channel.basicAck(tag, false);
		this.deadLettered.increment();
		log.warn("Message {} moved to {}: {}", message.getMessageProperties().getMessageId(),
				this.subscription.deadLetterQueueName(), cause.toString());
	}

	private void record(EventEnvelope envelope, Message message) {
		this.handled.increment();
		this.lag.record(Math.max(0, this.clock.millis() - envelope.occurredAt().toEpochMilli()), TimeUnit.MILLISECONDS);
		Object publishedAt = message.getMessageProperties().getHeaders().get(OutboxRelay.PUBLISHED_AT_HEADER);
		if (publishedAt instanceof Number micros) {
			this.publishToAck.record(Math.max(0, OutboxRelay.micros() - micros.longValue()), TimeUnit.MICROSECONDS);
		}
	}

	/** The reason a refused event carries into the dead-letter queue ({@code x-exception-message}). */
	static final class RefusedPublisher extends RuntimeException {

		RefusedPublisher(String reason) {
			super("Refused: " + reason, null, false, false);
		}

	}

	private boolean pause(int attempt) {
		long initial = this.settings.initialBackoff().toMillis();
		long delay = Math.min(initial << Math.min(attempt - 1, 20), this.settings.maxBackoff().toMillis());
		try {
			Thread.sleep(delay);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
