package io.parley.workspace.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Closes the gap between a change and its audit entry. The chain lives in its own collection, so appending to it
 * cannot be the same write as the change; without more, a crash between the two would leave a membership change
 * that the audit trail never heard of. So the entry is first stored <em>inside the changed document</em>
 * ({@code _audit}, next to platform's event outbox) by the change's own single-document write, then appended to
 * the chain ({@link #drain}) and removed from the document. A crash in between leaves it in the document, where
 * {@link #sweep} finds it; appending is idempotent by the entry's id, so a drain repeated after a crash between
 * append and removal adds nothing.
 */
@Service
public class AuditOutbox {

	static final String ENTRIES = "_audit";

	static final String COUNT = "_auditCount";

	private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);

	private final MongoTemplate mongo;

	private final AuditTrail trail;

	private final AuditProperties properties;

	private final Clock clock = Clock.systemUTC();

	AuditOutbox(MongoTemplate mongo, AuditTrail trail, AuditProperties properties) {
		this.mongo = mongo;
		this.trail = trail;
		this.properties = properties;
	}

	/** An entry for a change happening now. */
	public PendingEntry entry(UUID workspaceId, String actorId, String action, String subject,
			Map<String, String> details) {
		return new PendingEntry(UUID.randomUUID(), workspaceId, this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				actorId, action, subject, details);
	}

	/** Adds the entries to the caller's own update of the changed document. */
	public Update add(Update change, List<PendingEntry> entries) {
		if (entries.isEmpty()) {
			return change;
		}
		return change.push(ENTRIES).each(documents(entries).toArray()).inc(COUNT, entries.size());
	}

	/** Adds the entries to a document about to be inserted. */
	public Document add(Document aggregate, List<PendingEntry> entries) {
		aggregate.put(ENTRIES, documents(entries));
		aggregate.put(COUNT, entries.size());
		return aggregate;
	}

	/**
	 * Appends the document's pending entries to their chains, in the order they were recorded, and removes each
	 * once appended. Never fails the caller: what is left is found by the next sweep.
	 */
	public void drain(String collection, Object id) {
		try {
			Query query = new Query(where("_id").is(id));
			query.fields().include(ENTRIES);
			Document document = this.mongo.findOne(query, Document.class, collection);
			if (document == null) {
				return;
			}
			for (Document stored : document.getList(ENTRIES, Document.class, List.of())) {
				PendingEntry pending = read(stored);
				this.trail.append(pending);
				// conditional on the entry still being there, so a concurrent drain cannot count it down twice
				this.mongo.updateFirst(new Query(where("_id").is(id).and(ENTRIES + ".id").is(pending.id().toString())),
						new Update().pull(ENTRIES, new Document("id", pending.id().toString())).inc(COUNT, -1),
						collection);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Audit entries of {}/{} stay pending until the next sweep: {}", collection, id, ex.toString());
		}
	}

	/** Drains every document a crash (or a failed drain) left with pending entries. */
	@Scheduled(fixedDelayString = "${parley.workspace.audit.sweep-interval:PT30S}",
			initialDelayString = "${parley.workspace.audit.sweep-interval:PT30S}")
	public int sweep() {
		int drained = 0;
		for (String collection : this.properties.outboxCollections()) {
			Query pending = new Query(where(COUNT).gt(0));
			pending.fields().include("_id");
			for (Document document : this.mongo.find(pending, Document.class, collection)) {
				drain(collection, document.get("_id"));
				drained++;
			}
		}
		if (drained > 0) {
			log.info("Audit sweep drained {} document(s) with pending entries", drained);
		}
		return drained;
	}

	private static List<Document> documents(List<PendingEntry> entries) {
		List<Document> documents = new ArrayList<>(entries.size());
		for (PendingEntry entry : entries) {
			documents.add(new Document("id", entry.id().toString()).append("workspaceId", entry.workspaceId().toString())
				.append("at", Date.from(entry.at()))
				.append("actorId", entry.actorId())
				.append("action", entry.action())
				.append("subject", entry.subject())
				.append("details", new Document(entry.details())));
		}
		return documents;
	}

	private static PendingEntry read(Document stored) {
		Map<String, String> details = new java.util.LinkedHashMap<>();
		stored.get("details", Document.class).forEach((key, value) -> details.put(key, String.valueOf(value)));
		return new PendingEntry(UUID.fromString(stored.getString("id")), UUID.fromString(stored.getString("workspaceId")),
				stored.getDate("at").toInstant(), stored.getString("actorId"), stored.getString("action"),
				stored.getString("subject"), details);
	}

}
