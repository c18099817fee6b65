package io.parley.notifications.push;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.inbox.InboxItem;
import io.parley.notifications.inbox.UnreadChanged;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pushes go to this instance's streams at once and through the fanout exchange {@code parley.notifications.push} to
 * every other instance, each of which has an exclusive, auto-deleted queue bound to it and writes to the streams it
 * holds (its own messages coming back are skipped). Pushes are transient and
 * fire-and-forget on purpose: the inbox entry is already stored, and a browser that misses a push gets it from
 * {@code Last-Event-ID} replay when it reconnects.
 */
@Component
public class PushFanout implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(PushFanout.class);

	private final RabbitTemplate rabbit;

	private final JsonMapper json;

	private final Streams streams;

	private final String exchange;

	PushFanout(RabbitTemplate rabbit, JsonMapper json, Streams streams, NotificationsProperties properties) {
		this.rabbit = rabbit;
		this.json = json;
		this.streams = streams;
		this.exchange = properties.push().exchange();
	}

	public void notification(String personId, long seq, InboxItem item, long unread) {
		publish(new PushMessage("notification", personId, null, instance(), seq, item, unread));
	}

	public void closeAll(String personId) {
		publish(new PushMessage("closed", personId, null, instance(), 0, null, 0));
	}

	@EventListener
	void on(UnreadChanged changed) {
		publish(new PushMessage("unread", changed.personId(), null, instance(), 0, null, changed.unread()));
	}

	/** Only for the other instances: here, {@link Streams#open} has replaced the session's older stream already. */
	void opened(String personId, String session) {
		send(new PushMessage("opened", personId, session, instance(), 0, null, 0));
	}

	/**
	 * This instance's streams get the push at once, without a round trip through the broker (one hop less on the
	 * push latency, and local streams still hear while the broker is away); the other instances through the fanout.
	 */
	private void publish(PushMessage push) {
		apply(push);
		send(push);
	}

	private void send(PushMessage push) {
		Message message = MessageBuilder.withBody(this.json.writeValueAsBytes(push))
			.setContentType("application/json")
			.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
			.build();
		try {
			this.rabbit.send(this.exchange, "", message);
		}
		catch (RuntimeException ex) {
			// the entry is in the inbox; the browser gets it on its next reconnect
			log.warn("Push {} for {} not sent to other instances: {}", push.kind(), push.personId(), ex.toString());
		}
	}

	@Override
	public void onMessage(Message message) {
		PushMessage push = this.json.readValue(message.getBody(), PushMessage.class);
		if (!instance().equals(push.instance())) { // our own were applied when published
			apply(push);
		}
	}

	private void apply(PushMessage push) {
		switch (push.kind()) {
			case "notification" -> this.streams.notification(push.personId(), push.seq(), nonNull(push.item()),
					push.unread());
			case "unread" -> this.streams.unread(push.personId(), push.unread());
			case "opened" -> this.streams.closeSession(push.personId(), nonNull(push.session()));
			case "closed" -> this.streams.closePerson(push.personId());
			default -> log.warn("Unknown push kind {}", push.kind());
		}
	}

	private String instance() {
		return this.streams.instanceId();
	}

	private static <T> T nonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException("incomplete push message");
		}
		return value;
	}

}
