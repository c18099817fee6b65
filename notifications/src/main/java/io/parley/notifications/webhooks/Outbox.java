package io.parley.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The deliveries owed, in Mongo: written before the event is acknowledged, so a restart (or a crash) loses none;
 * claimed by one conditional update each, so two instances never attempt the same delivery at once; every change
 * one single-document write.
 */
@Component
class Outbox {

	private final MongoTemplate mongo;

	Outbox(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Inserts what is not owed yet; returns how many were already there (a redelivered event). */
	int owe(List<Delivery> deliveries) {
		if (deliveries.isEmpty()) {
			return 0;
		}
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Delivery.class).insert(deliveries).execute();
			return 0;
		}
		catch (BulkOperationException ex) {
			for (BulkWriteError error : ex.getErrors()) {
				if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
			return ex.getErrors().size();
		}
	}

	/** The next due delivery, claimed for this instance: pending and due, or claimed by an instance that died. */
	@Nullable Delivery claim(Instant now, Instant leaseExpired) {
		Query due = new Query(new Criteria().orOperator(
				where("state").is(Delivery.State.PENDING).and("nextAttemptAt").lte(now),
				where("state").is(Delivery.State.SENDING).and("claimedAt").lt(leaseExpired)))
			.with(Sort.by("nextAttemptAt"));
		return this.mongo.findAndModify(due, new Update().set("state", Delivery.State.SENDING).set("claimedAt", now),
				FindAndModifyOptions.options().returnNew(true), Delivery.class);
	}

	/** Records an attempt, unless another instance took the claim over meanwhile. */
	void finish(Delivery claimed, Update outcome) {
		this.mongo.updateFirst(new Query(where("_id").is(claimed.id()).and("state").is(Delivery.State.SENDING)
			.and("claimedAt").is(claimed.claimedAt())), outcome.unset("claimedAt"), Delivery.class);
	}

	/** Holds what an endpoint still owes while it is paused or failing (test events go on). */
	void hold(UUID endpointId) {
		this.mongo.updateMulti(new Query(where("endpointId").is(endpointId).and("test").is(false)
			.and("state").in(Delivery.State.PENDING, Delivery.State.SENDING)), new Update().set("state",
					Delivery.State.HELD), Delivery.class);
	}

	/** Makes what was held due now. */
	void release(UUID endpointId, Instant now) {
		this.mongo.updateMulti(new Query(where("endpointId").is(endpointId).and("state").is(Delivery.State.HELD)),
				new Update().set("state", Delivery.State.PENDING).set("nextAttemptAt", now), Delivery.class);
	}

	void forget(UUID endpointId) {
		this.mongo.remove(new Query(where("endpointId").is(endpointId)), Delivery.class);
	}

	void forget(Delivery delivery) {
		this.mongo.remove(new Query(where("_id").is(delivery.id())), Delivery.class);
	}

	/** The endpoint's log, newest first. */
	List<Delivery> log(UUID endpointId, int limit) {
		return this.mongo.find(new Query(where("endpointId").is(endpointId))
			.with(Sort.by(Sort.Direction.DESC, "createdAt"))
			.limit(limit), Delivery.class);
	}

}
