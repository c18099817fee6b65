package io.parley.workspace.restore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.platform.backup.PendingEvents;
import io.parley.platform.backup.RestoreCheckRunner;
import io.parley.platform.events.EventsProperties;
import io.parley.platform.problem.Problem;
import io.parley.workspace.audit.AuditChain;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditProperties;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.documents.StoredContentCheck;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What an operator runs against a restored workspace database before letting people in (ADR 0037): every
 * version's content read whole and checked against what was recorded at upload ({@link StoredContentCheck}), every
 * audit chain verified with the same rule as {@code …/audit/verify} ({@link AuditTrail#verify}), and what the
 * outboxes still hold: the events recorded but not yet confirmed by the broker at backup time, which the relay
 * publishes after the restore, and audit entries not yet moved to their chain, which the sweep moves. Read-only
 * except for what a first download of content stored before ADR 0026 records anyway.
 */
@Service
public class RestoreCheck {

	/** Failures listed in the report; the counts cover all of them. */
	static final int MAX_LISTED = 100;

	// the audit outbox keeps this in the aggregate's document (ADR 0012)
	private static final String AUDIT_COUNT = "_auditCount";

	private static final Logger log = LoggerFactory.getLogger(RestoreCheck.class);

	private final MongoTemplate mongo;

	private final StoredContentCheck content;

	private final AuditTrail trail;

	private final List<String> outboxCollections;

	private final List<String> auditOutboxCollections;

	private final Clock clock;

	private final AtomicBoolean running = new AtomicBoolean();

	@Autowired
	RestoreCheck(MongoTemplate mongo, StoredContentCheck content, AuditTrail trail, EventsProperties events,
			AuditProperties audit) {
		this(mongo, content, trail, events.relay().collections(), audit.outboxCollections(), Clock.systemUTC());
	}

	RestoreCheck(MongoTemplate mongo, StoredContentCheck content, AuditTrail trail, List<String> outboxCollections,
			List<String> auditOutboxCollections, Clock clock) {
		this.mongo = mongo;
		this.content = content;
		this.trail = trail;
		this.outboxCollections = outboxCollections;
		this.auditOutboxCollections = auditOutboxCollections;
		this.clock = clock;
	}

	/**
	 * @param valid every version matched and every chain verified (pending events and entries are expected after a
	 * restore and do not make it invalid)
	 */
	public record Report(boolean valid, Instant checkedAt, Duration took, StoredContentCheck.Outcome content,
			Audit audit, PendingEvents outbox) implements RestoreCheckRunner.Verdict {

		/**
		 * The report without the ids of workspaces and documents, for a portal admin: they run operations but may
		 * not learn which documents exist outside their own label audience (ADR 0028); the counts and problems stay.
		 */
		public Report withoutIds() {
			StoredContentCheck.Outcome anonymous = new StoredContentCheck.Outcome(this.content.documents(),
					this.content.versions(), this.content.skipped(), this.content.bytes(),
					this.content.failures()
						.stream()
						.map((failure) -> new StoredContentCheck.Failure(null, null, failure.version(),
								failure.problem()))
						.toList(),
					this.content.failed());
			Audit chains = new Audit(this.audit.chains(), this.audit.entries(), this.audit.broken()
				.stream()
				.map((chain) -> new BrokenChain(null, chain.entries(), chain.firstBrokenSequence(), chain.reason()))
				.toList(), this.audit.pendingEntries());
			return new Report(this.valid, this.checkedAt, this.took, anonymous, chains, this.outbox);
		}

	}

	/**
	 * @param chains chains verified (one per workspace with entries, and the portal's)
	 * @param entries entries in all of them
	 * @param broken the first {@value #MAX_LISTED} chains that do not verify
	 * @param pendingEntries per collection: entries still inside changed documents, which the sweep appends
	 */
	public record Audit(long chains, long entries, List<BrokenChain> broken, Map<String, Long> pendingEntries) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record BrokenChain(@Nullable UUID workspaceId, long entries, @Nullable Long firstBrokenSequence,
			@Nullable String reason) {
	}

	/**
	 * Runs the check, one at a time per instance (it reads the whole content store; the gateway retries a read
	 * once, which must not start a second full read).
	 *
	 * @throws Problem 409 {@code check-running} while another check runs here
	 */
	public Report run() {
		if (!this.running.compareAndSet(false, true)) {
			throw Problem.conflict("check-running", "A restore check is running",
					"A restore check is already running on this instance; its report goes to whoever started it. "
							+ "Ask again when it is done.");
		}
		try {
			return check();
		}
		finally {
			this.running.set(false);
		}
	}

	private Report check() {
		Instant started = this.clock.instant();
		StoredContentCheck.Outcome stored = this.content.checkAll(MAX_LISTED);
		Audit audit = audit();
		PendingEvents outbox = PendingEvents.in(this.mongo, this.outboxCollections);
		boolean valid = stored.failed() == 0 && audit.broken().isEmpty();
		Report report = new Report(valid, started, Duration.between(started, this.clock.instant()), stored, audit,
				outbox);
		log.info("Restore check: valid={} documents={} versions={} failed={} chains={} entries={} broken={} "
				+ "pendingEvents={} pendingAuditEntries={} took={}", valid, stored.documents(), stored.versions(),
				stored.failed(), audit.chains(), audit.entries(), audit.broken().size(), outbox.total(),
				audit.pendingEntries().values().stream().mapToLong(Long::longValue).sum(), report.took());
		return report;
	}

	private Audit audit() {
		List<UUID> chains = this.mongo.findDistinct(new Query(), "workspaceId", AuditEntry.class, UUID.class);
		long entries = 0;
		List<BrokenChain> broken = new ArrayList<>();
		for (UUID workspace : chains) {
			AuditChain.Verification verification = this.trail.verify(workspace);
			entries += verification.entries();
			if (!verification.valid()) {
				log.error("Restore check: audit chain of workspace {} broken at {}: {}", workspace,
						verification.firstBrokenSequence(), verification.reason());
				if (broken.size() < MAX_LISTED) {
					broken.add(new BrokenChain(workspace, verification.entries(), verification.firstBrokenSequence(),
							verification.reason()));
				}
			}
		}
		Map<String, Long> pending = new LinkedHashMap<>();
		for (String collection : this.auditOutboxCollections) {
			pending.put(collection, sum(collection, AUDIT_COUNT));
		}
		return new Audit(chains.size(), entries, List.copyOf(broken), pending);
	}

	private long sum(String collection, String field) {
		Query query = new Query(where(field).gt(0));
		query.fields().include(field);
		long sum = 0;
		for (Document aggregate : this.mongo.find(query, Document.class, collection)) {
			sum += aggregate.get(field, Number.class).longValue();
		}
		return sum;
	}

}
