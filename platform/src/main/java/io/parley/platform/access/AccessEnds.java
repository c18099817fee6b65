package io.parley.platform.access;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.MachineClientRevoked;
import io.parley.platform.events.contract.MemberOffboarded;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A service's own record of whose access ended or ends when: one document per person (collection
 * {@code parley.access.collection}), keyed by person id, {@code {offboardedAt?, accessEndsAt?, accessVersion?,
 * organisationId}}. A record without an end time is an offboarding whatever else it holds. The service's
 * {@code EventSubscription} feeds it: {@link #offboarded} from {@code MemberOffboarded}, {@link #scheduled} from
 * {@code AccessScheduled}. Both writes are idempotent by themselves (a redelivery sets the same values; an older
 * schedule never replaces a newer one), so no inbox bookkeeping is needed.
 *
 * <p>
 * An organisation's API client is kept here too, under its service account's id (its tokens' {@code sub}), when it
 * is revoked ({@link #revoked}, {@code {revokedAt, clientId, organisationId}}): a service that accepts API clients
 * binds {@code MachineClientRevoked} to it, and the same filter refuses the client's last tokens.
 */
public class AccessEnds implements AccessCheck {

	private static final Logger log = LoggerFactory.getLogger(AccessEnds.class);

	private final MongoTemplate mongo;

	private final String collection;

	public AccessEnds(MongoTemplate mongo, AccessEndsProperties properties) {
		this.mongo = mongo;
		this.collection = properties.collection();
	}

	/** The person is refused from now on (identity records one {@code MemberOffboarded} per person). */
	public void offboarded(MemberOffboarded event, EventEnvelope envelope) {
		String personId = event.personId().toString();
		this.mongo.upsert(byId(personId),
				new Update().set("offboardedAt", Date.from(envelope.occurredAt()))
					.set("organisationId", event.organisationId()),
				this.collection);
		log.info("Access of person {} ended: offboarded (event {})", personId, envelope.id());
	}

	/**
	 * The API client is refused from now on: its service account, the {@code sub} of every token it was given, is
	 * recorded as one whose access ended. Never undone (a revoked client is gone from Keycloak for good).
	 */
	public void revoked(MachineClientRevoked event, EventEnvelope envelope) {
		String serviceAccountId = event.serviceAccountId().toString();
		this.mongo.upsert(byId(serviceAccountId),
				new Update().set("revokedAt", Date.from(envelope.occurredAt()))
					.set("clientId", event.clientId())
					.set("organisationId", event.organisationId()),
				this.collection);
		log.info("Access of API client {} of {} (service account {}) ended: revoked (event {})", event.clientId(),
				event.organisationId(), serviceAccountId, envelope.id());
	}

	/**
	 * The person is refused from {@code accessEndsAt} on. Schedules are ordered by the person's
	 * {@code aggregateVersion}: one that arrives late (a replayed dead letter) does not undo a later extension.
	 */
	public void scheduled(AccessScheduled event, EventEnvelope envelope) {
		String personId = event.personId().toString();
		long version = envelope.aggregateVersion();
		Update schedule = new Update().set("accessEndsAt", Date.from(event.accessEndsAt()))
			.set("accessVersion", version)
			.set("organisationId", event.organisationId());
		Query older = byId(personId).addCriteria(
				new Criteria().orOperator(where("accessVersion").lt(version), where("accessVersion").exists(false)));
		// no upsert with $or (the embedded Mongo-wire server's upsert does not take it apart): update, else insert
		boolean applied = this.mongo.updateFirst(older, schedule, this.collection).getMatchedCount() > 0;
		if (!applied) {
			try {
				this.mongo.insert(new Document("_id", personId).append("accessEndsAt", Date.from(event.accessEndsAt()))
					.append("accessVersion", version)
					.append("organisationId", event.organisationId()), this.collection);
				applied = true;
			}
			catch (DuplicateKeyException ex) {
				// the person's record holds this schedule or a newer one already
			}
		}
		log.info("Access of person {} ends at {} (event {}, version {}{})", personId, event.accessEndsAt(),
				envelope.id(), version, applied ? "" : ", already known or superseded");
	}

	@Override
	public boolean ended(String personId, Instant now) {
		return ended(this.mongo.findById(personId, Document.class, this.collection), now);
	}

	/** Which of {@code people} have no access as of {@code now}: one query for all the recipients of an event. */
	public Set<String> ended(Collection<String> people, Instant now) {
		Set<String> ended = new HashSet<>();
		if (people.isEmpty()) {
			return ended;
		}
		for (Document person : this.mongo.find(new Query(where("_id").in(people)), Document.class, this.collection)) {
			if (ended(person, now)) {
				ended.add(person.getString("_id"));
			}
		}
		return ended;
	}

	private static boolean ended(@Nullable Document person, Instant now) {
		if (person == null) {
			return false;
		}
		Date end = person.getDate("accessEndsAt");
		return person.get("offboardedAt") != null || end == null || !now.isBefore(end.toInstant());
	}

	private static Query byId(String personId) {
		return new Query(where("_id").is(personId));
	}

}
