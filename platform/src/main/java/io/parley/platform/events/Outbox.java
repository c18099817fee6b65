package io.parley.platform.events;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Field names of the outbox kept inside an aggregate's document. Underscored so they never clash with the
 * aggregate's own fields; Spring Data ignores them when it reads the entity.
 */
final class Outbox {

	/** Pending events in the order they were recorded: {@code {id, type, occurredAt, body}}. */
	static final String EVENTS = "_outbox";

	/** Number of pending events; what the relay queries on, so it never has to match on array contents. */
	static final String COUNT = "_outboxCount";

	/**
	 * A token the relay replaces every time it marks events of this aggregate sent (the recorder never writes it):
	 * marking sent is a compare-and-set on the token read with the events, so two relays that published the same
	 * events (a lease taken over mid-round) cannot both remove them.
	 */
	static final String MARK = "_outboxMark";

	/** When a failed aggregate may be retried (backoff). */
	static final String NOT_BEFORE = "_outboxNotBefore";

	/** Consecutive failed publish rounds, drives the backoff. */
	static final String ATTEMPTS = "_outboxAttempts";

	static final String ID = "id";

	static final String TYPE = "type";

	static final String OCCURRED_AT = "occurredAt";

	static final String BODY = "body";

	private Outbox() {
	}

	/**
	 * A unique index on {@code (_id, _outboxMark)}: redundant for uniqueness, but it makes the relay's compare-and-set
	 * ({@code OutboxRelay#markSent}) an index lookup on the embedded wire server too, whose planner uses an index only
	 * when a query's fields are exactly the index's fields.
	 */
	static void createMarkIndex(MongoTemplate mongo, String collection) {
		mongo.indexOps(collection)
			.createIndex(new Index().on("_id", Sort.Direction.ASC).on(MARK, Sort.Direction.ASC).unique().named("outbox_mark"));
	}

}
