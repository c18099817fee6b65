package io.parley.workspace.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Appends to a workspace's hash chain. Appends to one workspace are serialised by the unique
 * {@code (workspaceId, sequence)} index: two writers that read the same last entry race for the same sequence,
 * one wins and the other reads again, so the chain never forks. Within one instance a striped lock lets appends to
 * the same workspace queue instead of racing, so the index only has to settle races between instances.
 */
@Service
public class AuditTrail implements InitializingBean {

	/**
	 * The chain of what happens outside any one workspace (announcements to all workspaces or to governments). Its
	 * id is the nil UUID, which no workspace ever gets.
	 */
	public static final UUID PORTAL = new UUID(0, 0);

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private static final int MAX_ATTEMPTS = 50;

	private static final int STRIPES = 64;

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	@Autowired
	AuditTrail(MongoTemplate mongo) {
		this(mongo, Clock.systemUTC());
	}

	AuditTrail(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * The chain is only unforkable with its unique index, so it is created here whether or not Spring Data's
	 * automatic index creation is switched on.
	 */
	@Override
	public void afterPropertiesSet() {
		this.mongo.indexOps(AuditEntry.class)
			.createIndex(new Index().on("workspaceId", Sort.Direction.ASC)
				.on("sequence", Sort.Direction.ASC)
				.unique()
				.named("chain"));
	}

	public AuditEntry record(UUID workspaceId, String actorId, String action, String subject) {
		return record(workspaceId, actorId, action, subject, Map.of());
	}

	public AuditEntry record(UUID workspaceId, String actorId, String action, String subject,
			Map<String, String> details) {
		return append(new PendingEntry(UUID.randomUUID(), workspaceId,
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS), actorId, action, subject, details));
	}

	/**
	 * Appends an entry once: if an entry with its id is in the chain already (a retried drain of
	 * {@link AuditOutbox}), that one is returned and nothing is added.
	 */
	public AuditEntry append(PendingEntry pending) {
		ReentrantLock lock = this.stripes[Math.floorMod(pending.workspaceId().hashCode(), STRIPES)];
		lock.lock();
		try {
			return appendOnce(pending);
		}
		finally {
			lock.unlock();
		}
	}

	private AuditEntry appendOnce(PendingEntry pending) {
		UUID workspaceId = pending.workspaceId();
		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			AuditEntry existing = this.mongo.findById(pending.id(), AuditEntry.class);
			if (existing != null) {
				return existing;
			}
			AuditEntry last = this.mongo.findOne(new Query(where("workspaceId").is(workspaceId))
				.with(Sort.by(Sort.Direction.DESC, "sequence"))
				.limit(1), AuditEntry.class);
			long sequence = (last != null) ? last.sequence() + 1 : 1;
			String previous = (last != null) ? last.hash() : AuditEntry.GENESIS;
			Instant at = pending.at().truncatedTo(ChronoUnit.MILLIS);
			AuditEntry entry = new AuditEntry(pending.id(), workspaceId, sequence, at, pending.actorId(),
					pending.action(), pending.subject(), pending.details(), previous,
					AuditEntry.hashOf(workspaceId, sequence, at, pending.actorId(), pending.action(),
							pending.subject(), pending.details(), previous));
			try {
				this.mongo.insert(entry);
				log.info("Audit workspace={} seq={} action={} subject={} actor={}", workspaceId, sequence,
						pending.action(), pending.subject(), pending.actorId());
				return entry;
			}
			catch (DuplicateKeyException ex) {
				// another append took this sequence (or, from another instance, this very entry) first: look again
			}
		}
		throw new IllegalStateException("Could not append to the audit trail of workspace " + workspaceId + " after "
				+ MAX_ATTEMPTS + " concurrent attempts");
	}

	/** Newest first. */
	public List<AuditEntry> page(UUID workspaceId, int page, int size) {
		return this.mongo.find(new Query(where("workspaceId").is(workspaceId))
			.with(Sort.by(Sort.Direction.DESC, "sequence"))
			.skip((long) page * size)
			.limit(size), AuditEntry.class);
	}

	public long count(UUID workspaceId) {
		return this.mongo.count(new Query(where("workspaceId").is(workspaceId)), AuditEntry.class);
	}

	/**
	 * The whole chain in sequence order from a cursor, read in batches: never all in memory. The caller closes the
	 * stream (and with it the cursor).
	 */
	public Stream<AuditEntry> stream(UUID workspaceId) {
		return this.mongo.stream(new Query(where("workspaceId").is(workspaceId))
			.with(Sort.by(Sort.Direction.ASC, "sequence"))
			.cursorBatchSize(500), AuditEntry.class);
	}

	public AuditChain.Verification verify(UUID workspaceId) {
		try (Stream<AuditEntry> chain = stream(workspaceId)) {
			return AuditChain.verify(chain.iterator());
		}
	}

}
