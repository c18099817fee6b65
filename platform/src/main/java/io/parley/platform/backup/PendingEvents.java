package io.parley.platform.backup;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What a service's outboxes still hold, as every restore check reports it (ADR 0037): after a restore, the events that
 * were recorded and not yet confirmed by the broker at backup time, which the relay publishes once.
 *
 * @param pendingEvents per outbox collection
 * @param total all of them
 * @param oldestPending when the oldest was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingEvents(Map<String, Long> pendingEvents, long total, @Nullable Instant oldestPending) {

	// platform's outbox keeps these in the aggregate's document (ADR 0005)
	private static final String OUTBOX = "_outbox";

	private static final String OUTBOX_COUNT = "_outboxCount";

	/** Reads the outboxes of {@code collections} (the relay's, {@code parley.events.relay.collections}). */
	public static PendingEvents in(MongoTemplate mongo, List<String> collections) {
		Map<String, Long> pending = new LinkedHashMap<>();
		long total = 0;
		Instant oldest = null;
		for (String collection : collections) {
			long events = 0;
			Query query = new Query(where(OUTBOX_COUNT).gt(0));
			query.fields().include(OUTBOX);
			for (Document aggregate : mongo.find(query, Document.class, collection)) {
				List<Document> outbox = aggregate.getList(OUTBOX, Document.class, List.of());
				events += outbox.size();
				if (!outbox.isEmpty()) {
					Date first = outbox.get(0).getDate("occurredAt");
					if (first != null && (oldest == null || first.toInstant().isBefore(oldest))) {
						oldest = first.toInstant();
					}
				}
			}
			pending.put(collection, events);
			total += events;
		}
		return new PendingEvents(pending, total, oldest);
	}

}
