package io.parley.workspace.offboarding;

import java.util.Date;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.Inbox;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.workspace.workspaces.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What workspace knows of offboarded people: one small document per person in {@code offboarded_people}, keyed by
 * their person id, which {@link OffboardedCallers} checks on every request. That record is written first, so the
 * person is refused even while (or if) removing them from their workspaces is still to come.
 */
@Service
class OffboardedPeople {

	static final String COLLECTION = "offboarded_people";

	private static final Logger log = LoggerFactory.getLogger(OffboardedPeople.class);

	private final MongoTemplate mongo;

	private final Inbox inbox;

	private final Workspaces workspaces;

	OffboardedPeople(MongoTemplate mongo, Inbox inbox, Workspaces workspaces) {
		this.mongo = mongo;
		this.inbox = inbox;
		this.workspaces = workspaces;
	}

	boolean isOffboarded(String personId) {
		return this.mongo.exists(new Query(where("_id").is(personId)), COLLECTION);
	}

	void on(MemberOffboarded event, EventEnvelope envelope) {
		String personId = event.personId().toString();
		Inbox.Outcome outcome = this.inbox.updateOnce(envelope, new Query(where("_id").is(personId)),
				new Update().set("organisationId", event.organisationId())
					.set("offboardedBy", event.offboardedBy().toString())
					.set("offboardedAt", Date.from(envelope.occurredAt())),
				COLLECTION, true);
		// Even for a duplicate: a crash after the record and before the removals must not leave memberships
		// behind. The removal is idempotent by itself (it only touches workspaces the person is still in).
		int removed = this.workspaces.removeEverywhere(personId);
		log.info("Person {} offboarded ({}): removed from {} workspace(s)", personId, outcome, removed);
	}

}
