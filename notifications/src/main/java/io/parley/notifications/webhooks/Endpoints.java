package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The registered endpoints; every change a single-document write, state changes conditional on the state. */
@Component
class Endpoints {

	private final MongoTemplate mongo;

	Endpoints(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	void insert(Endpoint endpoint) {
		this.mongo.insert(endpoint);
	}

	/** The endpoints that asked for this event type, whatever their state (paused and failing ones hold it). */
	List<Endpoint> listening(String type) {
		return this.mongo.find(new Query(where("eventTypes").is(type)), Endpoint.class);
	}

	List<Endpoint> of(String organisationId) {
		return this.mongo.find(new Query(where("organisationId").is(organisationId)).with(Sort.by("createdAt")),
				Endpoint.class);
	}

	long count(String organisationId) {
		return this.mongo.count(new Query(where("organisationId").is(organisationId)), Endpoint.class);
	}

	Optional<Endpoint> find(UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Endpoint.class));
	}

	/** The endpoint, if it belongs to this organisation: another organisation's is as unknown as a made-up id. */
	Optional<Endpoint> find(String organisationId, UUID id) {
		return find(id).filter((endpoint) -> endpoint.organisationId().equals(organisationId));
	}

	Endpoint update(UUID id, Update update) {
		return this.mongo.findAndModify(new Query(where("_id").is(id)), update,
				FindAndModifyOptions.options().returnNew(true), Endpoint.class);
	}

	/** Moves the endpoint from one state to another; false when it was not in {@code from} (someone was first). */
	boolean move(UUID id, Endpoint.State from, Update to) {
		return this.mongo.updateFirst(new Query(where("_id").is(id).and("state").is(from)), to, Endpoint.class)
			.getModifiedCount() > 0;
	}

	/** Marks it failing, once: true for the one call that changed it. */
	boolean failing(UUID id, Instant since) {
		return move(id, Endpoint.State.ACTIVE,
				new Update().set("state", Endpoint.State.FAILING).set("failingSince", since));
	}

	boolean delete(UUID id) {
		return this.mongo.remove(new Query(where("_id").is(id)), Endpoint.class).getDeletedCount() > 0;
	}

}
