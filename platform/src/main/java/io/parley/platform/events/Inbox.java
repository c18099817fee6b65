package io.parley.platform.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.result.UpdateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Idempotent writes for consumers: the event id is stored in the very document the effect is written to, in
 * the same single-document write, so "applied" and "remembered as applied" cannot drift apart, with or without
 * transactions. A redelivered event (the broker never saw our ack) then changes nothing.
 */
public final class Inbox {

	/** Ids of the events already applied to a document; the newest {@value #REMEMBERED} are kept. */
	static final String APPLIED = "_appliedEvents";

	/**
	 * How many applied ids a document remembers. Redeliveries come within seconds of the first delivery;
	 * a document needs more than this many events in that window before a duplicate could slip through.
	 */
	static final int REMEMBERED = 500;

	private final MongoTemplate mongo;

	private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	Inbox(MongoTemplate mongo, MeterRegistry meters) {
		this.mongo = mongo;
		this.meters = meters;
	}

	public enum Outcome {

		/** The write happened now. */
		APPLIED,
		/** This event had been applied before; nothing changed. */
		DUPLICATE,
		/** No document matched the query (and no upsert was asked for). */
		NO_MATCH

	}

	/**
	 * Inserts a document born from this event, with the event id as {@code _id}: the primary key's unique index
	 * turns a second delivery into a duplicate-key error, reported as {@link Outcome#DUPLICATE}.
	 */
	public Outcome insertOnce(EventEnvelope event, Document document, String collection) {
		document.put("_id", event.id().toString());
		try {
			this.mongo.insert(document, collection);
			return count(Outcome.APPLIED);
		}
		catch (DuplicateKeyException ex) {
			return count(Outcome.DUPLICATE);
		}
	}

	/**
	 * Applies {@code change} to the document matching {@code query} unless this event was already applied to it.
	 * With {@code upsert}, the query should pin {@code _id}: a second upsert then collides on the primary key.
	 */
	public Outcome updateOnce(EventEnvelope event, Query query, Update change, String collection, boolean upsert) {
		String id = event.id().toString();
		Query notYetApplied = Query.of(query).addCriteria(where(APPLIED).ne(id));
		change.push(APPLIED).slice(-REMEMBERED).each(id);
		try {
			UpdateResult result = upsert ? this.mongo.upsert(notYetApplied, change, collection)
					: this.mongo.updateFirst(notYetApplied, change, collection);
			if (result.getMatchedCount() > 0 || result.getUpsertedId() != null) {
				return count(Outcome.APPLIED);
			}
		}
		catch (DuplicateKeyException ex) {
			return count(Outcome.DUPLICATE);
		}
		boolean seen = this.mongo.exists(Query.of(query).addCriteria(where(APPLIED).is(id)), collection);
		return count(seen ? Outcome.DUPLICATE : Outcome.NO_MATCH);
	}

	private Outcome count(Outcome outcome) {
		this.outcomes
			.computeIfAbsent(outcome,
					(key) -> Counter.builder("parley.events.inbox.writes")
						.tag("outcome", key.name().toLowerCase(java.util.Locale.ROOT))
						.register(this.meters))
			.increment();
		return outcome;
	}

}
