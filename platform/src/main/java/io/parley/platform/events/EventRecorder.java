package io.parley.platform.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Records events in the same single-document write as the change that caused them. MongoDB makes one document
 * write atomic everywhere (the embedded Mongo-wire server included), so the change and its events are stored
 * together or not at all, without a multi-document transaction.
 * <p>
 * Aggregates that carry an outbox must be written through this class (or with an update that leaves the
 * {@code _outbox*} fields alone): a whole-document replace such as {@code repository.save(entity)} would drop
 * events that are still pending.
 */
public final class EventRecorder {

	private final MongoTemplate mongo;

	private final JsonMapper json;

	private final String producer;

	private final Clock clock;

	private final OutboxCollections collections;

	private final BiConsumer<String, @Nullable Object> wakeRelay;

	EventRecorder(MongoTemplate mongo, JsonMapper json, String producer, Clock clock, OutboxCollections collections,
			BiConsumer<String, @Nullable Object> wakeRelay) {
		this.mongo = mongo;
		this.json = json;
		this.producer = producer;
		this.clock = clock;
		this.collections = collections;
		this.wakeRelay = wakeRelay;
	}

	/** Wraps an {@link EventType}-annotated record in an envelope with a fresh id. */
	public EventEnvelope event(String aggregateId, long aggregateVersion, Object event) {
		// Mongo keeps milliseconds; truncating here keeps the envelope and the stored copy identical.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		return new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), now, this.producer,
				aggregateId, aggregateVersion, this.json.valueToTree(event));
	}

	/**
	 * Applies {@code change} to the first document matching {@code query} and appends the events to its outbox,
	 * in one update. If nothing matches, nothing is recorded.
	 */
	public UpdateResult update(Query query, Update change, Class<?> aggregateType, EventEnvelope... events) {
		return update(query, change, this.mongo.getCollectionName(aggregateType), events);
	}

	public UpdateResult update(Query query, Update change, String collection, EventEnvelope... events) {
		this.collections.add(collection);
		this.collections.ensureIndexed(collection, (name) -> Outbox.createMarkIndex(this.mongo, name));
		UpdateResult result = this.mongo.updateFirst(query, withEvents(change, events), collection);
		if (result.getModifiedCount() > 0 && events.length > 0) {
			// A query on _id alone (the usual case) names the aggregate, so the relay can read it directly.
			Object id = query.getQueryObject().get("_id");
			this.wakeRelay.accept(collection, (id instanceof Document) ? null : id);
		}
		return result;
	}

	/** Inserts a new aggregate together with its first events. */
	public <T> T insert(T aggregate, EventEnvelope... events) {
		String collection = this.mongo.getCollectionName(aggregate.getClass());
		Document document = new Document();
		this.mongo.getConverter().write(aggregate, document);
		insert(document, collection, events);
		return aggregate;
	}

	public void insert(Document aggregate, String collection, EventEnvelope... events) {
		this.collections.add(collection);
		this.collections.ensureIndexed(collection, (name) -> Outbox.createMarkIndex(this.mongo, name));
		aggregate.put(Outbox.EVENTS, entries(events));
		aggregate.put(Outbox.COUNT, events.length);
		this.mongo.insert(aggregate, collection);
		if (events.length > 0) {
			this.wakeRelay.accept(collection, aggregate.get("_id"));
		}
	}

	private Update withEvents(Update change, EventEnvelope... events) {
		if (events.length == 0) {
			return change;
		}
		return change.push(Outbox.EVENTS).each(entries(events).toArray()).inc(Outbox.COUNT, events.length);
	}

	private List<Document> entries(EventEnvelope... events) {
		List<Document> entries = new ArrayList<>(events.length);
		for (EventEnvelope event : events) {
			// The exact bytes to publish are kept, so the relay never re-serialises and a consumer sees what the
			// producer wrote, whatever happens to the contract classes in between.
			entries.add(new Document(Outbox.ID, event.id().toString()).append(Outbox.TYPE, event.type())
				.append(Outbox.OCCURRED_AT, Date.from(event.occurredAt()))
				.append(Outbox.BODY, this.json.writeValueAsString(event)));
		}
		return entries;
	}

}
