package io.parley.rollouts.calendar;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.FreezeWindowAdded;
import io.parley.platform.events.contract.FreezeWindowRemoved;
import org.bson.Document;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The host's freeze windows ({@code freezes}): from (inclusive) to (exclusive), with the reason people see. Adding and
 * removing one records its event in the same write; workspace keeps them in the portal's audit chain.
 */
@Repository
class Freezes {

	static final String COLLECTION = "freezes";

	private static final String REMOVED_AT = "removedAt";

	private final MongoTemplate mongo;

	private final EventRecorder events;

	Freezes(MongoTemplate mongo, EventRecorder events) {
		this.mongo = mongo;
		this.events = events;
	}

	record Freeze(UUID id, Instant from, Instant to, String reason, String createdBy) {

		boolean covers(Instant instant) {
			return !instant.isBefore(this.from) && instant.isBefore(this.to);
		}

	}

	/** Inserts the window with its {@code rollouts.calendar.freeze-added} in the same write. */
	Freeze add(Instant from, Instant to, String reason, String createdBy) {
		Freeze freeze = new Freeze(UUID.randomUUID(), from, to, reason, createdBy);
		this.events.insert(new Document("_id", freeze.id()).append("from", Date.from(from))
			.append("to", Date.from(to))
			.append("reason", reason)
			.append("createdBy", createdBy)
			.append("version", 1L), COLLECTION,
				this.events.event(freeze.id().toString(), 1,
						new FreezeWindowAdded(freeze.id(), from, to, reason, createdBy)));
		return freeze;
	}

	/**
	 * Takes the window off the calendar. It stays as a document marked removed, because a deleted document could not
	 * carry its {@code rollouts.calendar.freeze-removed}: the removal and its event are one write.
	 *
	 * @return {@code false} if there is no such window, or it was removed already
	 */
	boolean remove(UUID id, String removedBy, Instant now) {
		Document stored = this.mongo.findOne(new Query(where("_id").is(id).and(REMOVED_AT).exists(false)),
				Document.class, COLLECTION);
		if (stored == null) {
			return false;
		}
		Freeze freeze = freeze(stored);
		// windows from before removals carried events have no version; they count as 1
		Number stamp = stored.get("version", Number.class);
		long version = (stamp != null) ? stamp.longValue() : 1;
		return this.events
			.update(new Query(where("_id").is(id).and(REMOVED_AT).exists(false)),
					new Update().set(REMOVED_AT, Date.from(now)).set("removedBy", removedBy).set("version", version + 1),
					COLLECTION,
					this.events.event(id.toString(), version + 1, new FreezeWindowRemoved(id, freeze.from(),
							freeze.to(), freeze.reason(), removedBy)))
			.getModifiedCount() > 0;
	}

	/** Windows that overlap {@code [from, to]}, earliest first. */
	List<Freeze> overlapping(Instant from, Instant to) {
		Query query = new Query(
				where("from").lte(Date.from(to)).and("to").gt(Date.from(from)).and(REMOVED_AT).exists(false))
			.with(Sort.by("from"));
		return this.mongo.find(query, Document.class, COLLECTION).stream().map(Freezes::freeze).toList();
	}

	private static Freeze freeze(Document found) {
		return new Freeze(found.get("_id", UUID.class), found.getDate("from").toInstant(),
				found.getDate("to").toInstant(), found.getString("reason"), found.getString("createdBy"));
	}

}
