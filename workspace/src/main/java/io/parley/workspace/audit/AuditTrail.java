package io.parley.workspace.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Appends to a workspace's hash chain. Appends to one workspace are serialised by the unique
 * {@code (workspaceId, sequence)} index: two writers that read the same last entry race for the same sequence,
 * one wins and the other reads again, so the chain never forks.
 */
@Service
public class AuditTrail {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private static final int MAX_ATTEMPTS = 50;

	private final MongoTemplate mongo;

	private final Clock clock;

	AuditTrail(MongoTemplate mongo) {
		this.mongo = mongo;
		this.clock = Clock.systemUTC();
	}

	public AuditEntry record(UUID workspaceId, String actorId, String action, String subject) {
		return record(workspaceId, actorId, action, subject, Map.of());
	}

	public AuditEntry record(UUID workspaceId, String actorId, String action, String subject,
			Map<String, String> details) {
		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			AuditEntry last = this.mongo.findOne(new Query(where("workspaceId").is(workspaceId))
				.with(Sort.by(Sort.Direction.DESC, "sequence"))
				.limit(1), AuditEntry.class);
			long sequence = (last != null) ? last.sequence() + 1 : 1;
			String previous = (last != null) ? last.hash() : AuditEntry.GENESIS;
			Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			Map<String, String> facts = Map.copyOf(details);
			AuditEntry entry = new AuditEntry(UUID.randomUUID(), workspaceId, sequence, at, actorId, action, subject,
					facts, previous, AuditEntry.hashOf(workspaceId, sequence, at, actorId, action, subject, facts,
							previous));
			try {
				this.mongo.insert(entry);
				log.info("Audit workspace={} seq={} action={} subject={} actor={}", workspaceId, sequence, action,
						subject, actorId);
				return entry;
			}
			catch (DuplicateKeyException ex) {
				// another append took this sequence first: read the new last entry and chain onto it
			}
		}
		throw new IllegalStateException("Could not append to the audit trail of workspace " + workspaceId + " after "
				+ MAX_ATTEMPTS + " concurrent attempts");
	}

}
