package io.parley.workspace;

import java.nio.charset.StandardCharsets;

import io.parley.platform.events.EventEnvelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The real RabbitMQ on 127.0.0.1:5672 as workspace's integration tests use it: events published onto
 * {@code parley.events} as another service's relay would, and a queue of the test's own that hears workspace's events.
 * Bind it to every workspace event ({@code workspace.#}): one nobody binds is returned and stays in the outbox
 * (ADR 0005), holding back the events recorded after it for the same workspace.
 */
public final class TestBroker {

	private static final String EXCHANGE = "parley.events";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CachingConnectionFactory connection = new CachingConnectionFactory("127.0.0.1");

	private final RabbitTemplate rabbit = new RabbitTemplate(this.connection);

	private final String queue;

	/** Declares the exchange and a non-durable queue {@code queue} bound to it with {@code pattern}. */
	public TestBroker(String queue, String pattern) {
		this.queue = queue;
		RabbitAdmin admin = new RabbitAdmin(this.connection);
		TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
		Queue declared = new Queue(queue, false, false, false);
		admin.declareExchange(exchange);
		admin.declareQueue(declared);
		admin.declareBinding(BindingBuilder.bind(declared).to(exchange).with(pattern));
	}

	/** Publishes the event, persistent, with its id as message id, routed by its type. */
	public void publish(EventEnvelope envelope) {
		this.rabbit.send(EXCHANGE, envelope.type(),
				MessageBuilder.withBody(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
					.setContentType("application/json")
					.setMessageId(envelope.id().toString())
					.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
					.build());
	}

	/** The next event on the test's queue, or {@code null} if none came within {@code timeoutMillis}. */
	public @Nullable EventEnvelope receive(long timeoutMillis) {
		Message received = this.rabbit.receive(this.queue, timeoutMillis);
		return (received != null) ? JSON.readValue(received.getBody(), EventEnvelope.class) : null;
	}

	/** Deletes the test's queue and {@code others} (the service's consumer queues), and disconnects. */
	public void close(String... others) {
		RabbitAdmin admin = new RabbitAdmin(this.connection);
		admin.deleteQueue(this.queue);
		for (String other : others) {
			admin.deleteQueue(other);
		}
		this.connection.destroy();
	}

}
