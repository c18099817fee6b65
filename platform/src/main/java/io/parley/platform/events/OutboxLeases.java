package io.parley.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.result.UpdateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Which relay instance publishes an outbox collection: one lease document per collection in
 * {@value #COLLECTION}, {@code {_id: <collection>, holder, until}}. The holder renews it when half of it is used
 * up; another instance takes it over only after {@code until} has passed, so a relay that died hands over after at
 * most one lease, and one that stops hands over at once.
 * <p>
 * A lease replaces a claim written into every aggregate before publishing: one write per collection every half
 * lease instead of one per event (ADR 0019).
 */
final class OutboxLeases {

	static final String COLLECTION = "parley_outbox_leases";

	private static final Logger log = LoggerFactory.getLogger(OutboxLeases.class);

	private final MongoTemplate mongo;

	private final Duration lease;

	private final Clock clock;

	private final String holder = UUID.randomUUID().toString();

	/** Per collection: until when (this instance's clock, epoch millis) the lease is ours, as far as we wrote it. */
	private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();

	OutboxLeases(MongoTemplate mongo, Duration lease, Clock clock) {
		this.mongo = mongo;
		this.lease = lease;
		this.clock = clock;
	}

	/**
	 * Whether this instance may publish from {@code collection} for at least {@code needed} more; acquires or renews
	 * the lease when less than half of it is left.
	 */
	boolean hold(String collection, Duration needed) {
		long now = this.clock.millis();
		Long until = this.heldUntil.get(collection);
		if (until != null && until - now > Math.max(needed.toMillis(), this.lease.toMillis() / 2)) {
			return true;
		}
		long end = now + this.lease.toMillis();
		Query ours = new Query(where("_id").is(collection)
			.orOperator(where("holder").is(this.holder), where("until").lte(new Date(now))));
		boolean held;
		try {
			// A lease held by another instance matches nothing, so the upsert tries to insert a second document
			// with the same _id, and the primary key refuses it.
			UpdateResult result = this.mongo.upsert(ours,
					new Update().set("holder", this.holder).set("until", new Date(end)), COLLECTION);
			held = result.getMatchedCount() > 0 || result.getUpsertedId() != null;
		}
		catch (DuplicateKeyException ex) {
			held = false;
		}
		if (held) {
			if (until == null) {
				log.info("Outbox relay {} now publishes collection {}", this.holder, collection);
			}
			this.heldUntil.put(collection, end);
		}
		else if (this.heldUntil.remove(collection) != null) {
			log.warn("Outbox relay {} lost the lease on collection {} to another instance", this.holder, collection);
		}
		return held;
	}

	/**
	 * Whether this instance holds the lease on {@code collection} now, as far as it wrote it: the
	 * {@code parley.events.relay.lease.held} gauge. Across all instances of a service the gauges add up to 1 per
	 * collection; 0 means nobody publishes it, 2 that two relays think they do (clocks apart by more than a lease).
	 */
	boolean holds(String collection) {
		Long until = this.heldUntil.get(collection);
		return until != null && until > this.clock.millis();
	}

	/** Hands every lease this instance holds over at once (on shutdown). */
	void releaseAll() {
		Date now = new Date(this.clock.millis());
		for (String collection : this.heldUntil.keySet()) {
			this.mongo.updateFirst(new Query(where("_id").is(collection).and("holder").is(this.holder)),
					new Update().set("until", now), COLLECTION);
		}
		this.heldUntil.clear();
	}

	String holder() {
		return this.holder;
	}

}
