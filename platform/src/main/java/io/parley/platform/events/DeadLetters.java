package io.parley.platform.events;

import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecovererWithConfirms;
import org.springframework.beans.factory.DisposableBean;

/**
 * The dead-letter queue of a subscription: how many messages wait there, and replaying them into the main queue
 * once the cause is fixed. A replayed message is removed from the dead-letter queue only after the broker
 * confirmed its copy in the main queue.
 */
public final class DeadLetters implements DisposableBean {

	static final String REPLAYED_HEADER = "x-parley-replayed";

	private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

	private final RabbitTemplate template;

	private final AmqpAdmin admin;

	private final String queue;

	private final String deadLetterQueue;

	private final CachingConnectionFactory connection;

	DeadLetters(CachingConnectionFactory connection, AmqpAdmin admin, EventSubscription subscription) {
		this.connection = connection;
		this.template = new RabbitTemplate(connection);
		this.admin = admin;
		this.queue = subscription.queueName();
		this.deadLetterQueue = subscription.deadLetterQueueName();
	}

	/** Republishes a message that keeps failing to the dead-letter queue, with the reason, and waits for the confirm. */
	MessageRecoverer recoverer() {
		return new RepublishMessageRecovererWithConfirms(this.template, "", this.deadLetterQueue,
				CachingConnectionFactory.ConfirmType.SIMPLE);
	}

	@Override
	public void destroy() {
		this.connection.destroy();
	}

	public String queue() {
		return this.queue;
	}

	public String deadLetterQueue() {
		return this.deadLetterQueue;
	}

	/** Messages waiting in the dead-letter queue, or -1 when the broker cannot be asked. */
	public long count() {
		return messages(this.deadLetterQueue);
	}

	/**
	 * Messages ready in the subscription's own queue (not yet delivered to a consumer), or -1 when the broker cannot
	 * be asked: the {@code parley.events.consumer.queue.depth} gauge.
	 */
	long waiting() {
		return messages(this.queue);
	}

	private long messages(String name) {
		try {
			QueueInformation info = this.admin.getQueueInfo(name);
			return (info != null) ? info.getMessageCount() : -1;
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/** Moves up to {@code max} messages back to the main queue, oldest first; returns how many moved. */
	public int replay(int max) {
		int moved = 0;
		while (moved < max) {
			Boolean replayed = this.template.execute((channel) -> {
				GetResponse response = channel.basicGet(this.deadLetterQueue, false);
				if (response == null) {
					return false;
				}
				AMQP.BasicProperties original = response.getProps();
				Map<String, Object> headers = new HashMap<>(
						(original.getHeaders() != null) ? original.getHeaders() : Map.of());
				headers.keySet().removeIf((name) -> name.startsWith("x-exception") || name.startsWith("x-original"));
				Object times = headers.get(REPLAYED_HEADER);
				headers.put(REPLAYED_HEADER, (times instanceof Number n) ? n.intValue() + 1 : 1);
				channel.basicPublish("", this.queue, false, original.builder().headers(headers).build(),
						response.getBody());
				channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
				channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
				return true;
			});
			if (!Boolean.TRUE.equals(replayed)) {
				break;
			}
			moved++;
		}
		return moved;
	}



}
