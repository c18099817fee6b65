package io.parley.platform.events;

/**
 * Applies one event. Make the write idempotent with {@link Inbox} (the message is acknowledged only after this
 * returns, so a crash after the write redelivers the event); throw to have the message retried and finally
 * dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<T> {

	void on(T event, EventEnvelope envelope) throws Exception;

}
