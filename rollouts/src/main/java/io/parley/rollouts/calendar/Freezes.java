package io.parley.rollouts.calendar;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The host's freeze windows ({@code freezes}): from (inclusive) to (exclusive), with the reason people see. */
@Repository
class Freezes {

	static final String COLLECTION = "freezes";

	private final MongoTemplate mongo;

	Freezes(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	record Freeze(UUID id, Instant from, Instant to, String reason, String createdBy) {

		boolean covers(Instant instant) {
			return !instant.isBefore(this.from) && instant.isBefore(this.to);
		}

	}

	Freeze add(Instant from, Instant to, String reason, String createdBy) {
		Freeze freeze = new Freeze(UUID.randomUUID(), from, to, reason, createdBy);
		this.mongo.insert(new Document("_id", freeze.id()).append("from", Date.from(from))
			.append("to", Date.from(to))
			.append("reason", reason)
			.append("createdBy", createdBy), COLLECTION);
		return freeze;
	}

	boolean remove(UUID id) {
		return this.mongo.remove(new Query(where("_id").is(id)), COLLECTION).getDeletedCount() > 0;
	}

	/** Windows that overlap {@code [from, to]}, earliest first. */
	List<Freeze> overlapping(Instant from, Instant to) {
		Query query = new Query(where("from").lte(Date.from(to)).and("to").gt(Date.from(from)))
			.with(Sort.by("from"));
		return this.mongo.find(query, Document.class, COLLECTION)
			.stream()
			.map((found) -> new Freeze(found.get("_id", UUID.class), found.getDate("from").toInstant(),
					found.getDate("to").toInstant(), found.getString("reason"), found.getString("createdBy")))
			.toList();
	}

}
