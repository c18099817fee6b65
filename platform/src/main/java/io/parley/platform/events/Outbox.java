package io.parley.platform.events;

/**
 * Field names of the outbox kept inside an aggregate's document. Underscored so they never clash with the
 * aggregate's own fields; Spring Data ignores them when it reads the entity.
 */
final class Outbox {

	/** Pending events in the order they were recorded: {@code {id, type, occurredAt, body}}. */
	static final String EVENTS = "_outbox";

	/** Number of pending events; what the relay queries on, so it never has to match on array contents. */
	static final String COUNT = "_outboxCount";

	/** The relay instance (claim token) that currently publishes this aggregate's events. */
	static final String CLAIM = "_outboxClaim";

	/** Until when the claim holds, or when a failed aggregate may be retried (backoff). */
	static final String NOT_BEFORE = "_outboxNotBefore";

	/** Consecutive failed publish rounds, drives the backoff. */
	static final String ATTEMPTS = "_outboxAttempts";

	static final String ID = "id";

	static final String TYPE = "type";

	static final String OCCURRED_AT = "occurredAt";

	static final String BODY = "body";

	private Outbox() {
	}

}
