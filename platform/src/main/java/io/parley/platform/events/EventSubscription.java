package io.parley.platform.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consuming service's queue and what it handles. Declaring one as a bean is what turns the consumer on: the
 * queue {@code <queue>} (durable, quorum when configured) is bound to {@code parley.events} with the type of
 * every handler as routing key, and {@code <queue>.dlq} takes what keeps failing.
 *
 * <pre>
 * &#64;Bean
 * EventSubscription subscription(MembershipProjection projection) {
 *     return EventSubscription.queue("notifications")
 *         .on(WorkspaceMemberAdded.class, projection::on)
 *         .on(WorkspaceMemberRemoved.class, projection::on);
 * }
 * </pre>
 */
public final class EventSubscription {

	private final String queue;

	private final Map<String, Handler<?>> handlers = new LinkedHashMap<>();

	private EventSubscription(String queue) {
		this.queue = queue;
	}

	public static EventSubscription queue(String queue) {
		return new EventSubscription(queue);
	}

	public <T> EventSubscription on(Class<T> eventClass, EventHandler<? super T> handler) {
		String type = EventTypes.typeOf(eventClass);
		if (this.handlers.putIfAbsent(type, new Handler<>(eventClass, handler)) != null) {
			throw new IllegalStateException("Two handlers for " + type + " on queue " + this.queue);
		}
		return this;
	}

	public String queueName() {
		return this.queue;
	}

	public String deadLetterQueueName() {
		return this.queue + ".dlq";
	}

	/** Bound event type to the class its data is read into. */
	public Map<String, Class<?>> boundTypes() {
		Map<String, Class<?>> types = new LinkedHashMap<>();
		this.handlers.forEach((type, handler) -> types.put(type, handler.eventClass()));
		return Collections.unmodifiableMap(types);
	}

	Handler<?> handler(String type) {
		return this.handlers.get(type);
	}

	record Handler<T>(Class<T> eventClass, EventHandler<? super T> handler) {

		void handle(Object event, EventEnvelope envelope) throws Exception {
			this.handler.on(this.eventClass.cast(event), envelope);
		}

	}

}
