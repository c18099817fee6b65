package io.parley.identity.organisation;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Organisations and their events. Every change is one conditional update of the organisation's document that
 * also appends its event to the document's outbox: the change and the event are stored together or not at all.
 */
@Service
public class Organisations {

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final Clock clock;

	Organisations(MongoTemplate mongo, EventRecorder events, Clock clock) {
		this.mongo = mongo;
		this.events = events;
		this.clock = clock;
	}

	public Optional<Organisation> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, Organisation.class));
	}

	public List<Organisation> all() {
		return this.mongo.findAll(Organisation.class)
			.stream()
			.sorted(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER))
			.toList();
	}

	/** Creates the organisation; false if one with this id exists (which is then left as it is). */
	boolean create(String id, String name, OrganisationType type, List<String> domains, @Nullable UUID createdBy) {
		Organisation organisation = new Organisation(id, name, type, domains.stream().distinct().sorted().toList(),
				true, this.clock.instant(), createdBy, 1);
		try {
			this.events.insert(organisation, this.events.event(id, 1, new OrganisationCreated(id, name, type.name(),
					organisation.domains(), createdBy)));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Organisation rename(Organisation current, String name, UUID renamedBy) {
		if (current.name().equals(name)) {
			return current;
		}
		long version = current.version() + 1;
		change(current, new Update().set("name", name),
				this.events.event(current.id(), version, new OrganisationRenamed(current.id(), current.name(), name,
						renamedBy)));
		return new Organisation(current.id(), name, current.type(), current.domains(), current.active(),
				current.createdAt(), current.createdBy(), version);
	}

	Organisation deactivate(Organisation current) {
		if (!current.active()) {
			return current;
		}
		change(current, new Update().set("active", false));
		return new Organisation(current.id(), current.name(), current.type(), current.domains(), false,
				current.createdAt(), current.createdBy(), current.version() + 1);
	}

	private void change(Organisation current, Update update, io.parley.platform.events.EventEnvelope... envelopes) {
		Query sameVersion = new Query(where("_id").is(current.id()).and("version").is(current.version()));
		if (this.events.update(sameVersion, update.inc("version", 1), Organisation.class, envelopes)
			.getModifiedCount() == 0) {
			throw Problem.conflict("concurrent-change", "Changed meanwhile",
					"The organisation was changed by someone else meanwhile; reload and try again.");
		}
	}

}
