package io.parley.rollouts.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.RolloutPolicyChanged;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.rollouts.RolloutsProperties;
import io.parley.rollouts.releases.Kind;
import io.parley.rollouts.releases.Policies;
import io.parley.rollouts.releases.Policy;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The current policy: one document ({@code policy}, id {@code current}) once a portal admin changed it, the
 * configured initial policy before. The policy decides what every partner may do, so every change carries its event
 * ({@code rollouts.policy.changed}, with who made it) in the same write, and workspace keeps it in the portal's audit
 * chain, where the host's auditors read it; and it is logged.
 */
@Service
class PolicyStore implements Policies {

	static final String COLLECTION = "policy";

	private static final String CURRENT = "current";

	private static final int MAX_ROUNDS = 10;

	private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

	private final MongoTemplate mongo;

	private final Policy initial;

	private final Clock clock;

	private final EventRecorder events;

	PolicyStore(MongoTemplate mongo, RolloutsProperties properties, Clock clock, EventRecorder events) {
		this.mongo = mongo;
		this.initial = properties.policy().toPolicy();
		this.clock = clock;
		this.events = events;
	}

	@Override
	public Policy current() {
		Document stored = this.mongo.findById(CURRENT, Document.class, COLLECTION);
		return (stored != null) ? read(stored) : this.initial;
	}

	/**
	 * Replaces the policy and records {@code rollouts.policy.changed} in the same write of the {@code current}
	 * document: the change and its audit entry (workspace's portal chain) land together or not at all. The write is
	 * conditional on the version read; two admins saving at once both land, one after the other, each with its event.
	 */
	Policy change(Caller caller, Policy policy) {
		for (int round = 0; round < MAX_ROUNDS; round++) {
			Document stored = this.mongo.findById(CURRENT, Document.class, COLLECTION);
			// a policy saved before changes carried events has no version: it counts as 0
			Number stamp = (stored != null) ? stored.get("version", Number.class) : null;
			long version = (stamp != null) ? stamp.longValue() : 0;
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			EventEnvelope event = this.events.event(CURRENT, version + 1, new RolloutPolicyChanged(
					policy.kernelModeKinds().stream().map(Kind::name).sorted().toList(),
					policy.hostSignOffBeforeLeavingFirstRing(), policy.minimumRings(), policy.minimumSoak().toString(),
					policy.kernelModeStartsPerDay(), caller.id()));
			if (written(stored, version, write(policy).append("changedBy", caller.id())
				.append("changedAt", Date.from(now))
				.append("version", version + 1), event)) {
				log.info("Rollout policy changed by {} (version {}, event {}): kernel-mode kinds {}, host go before "
						+ "leaving the first ring {}, minimum rings {}, minimum soak {}, kernel-mode starts per day {}",
						caller.id(), version + 1, event.id(), policy.kernelModeKinds(),
						policy.hostSignOffBeforeLeavingFirstRing(), policy.minimumRings(), policy.minimumSoak(),
						policy.kernelModeStartsPerDay());
				return policy;
			}
		}
		throw Problem.conflict("concurrent-change", "Changed meanwhile",
				"The policy kept changing while this change was saved; reload it and try again.");
	}

	/** The first change inserts the document; later ones update the version they read. */
	private boolean written(@Nullable Document stored, long version, Document fields, EventEnvelope event) {
		if (stored == null) {
			try {
				this.events.insert(fields.append("_id", CURRENT), COLLECTION, event);
				return true;
			}
			catch (DuplicateKeyException ex) {
				return false;
			}
		}
		Update update = new Update();
		fields.forEach(update::set);
		Query read = new Query(where("_id").is(CURRENT)
			.and("version")
			.is((version > 0) ? version : null));
		return this.events.update(read, update, COLLECTION, event).getModifiedCount() > 0;
	}

	private static Document write(Policy policy) {
		return new Document("kernelModeKinds", policy.kernelModeKinds().stream().map(Kind::name).sorted().toList())
			.append("hostSignOffBeforeLeavingFirstRing", policy.hostSignOffBeforeLeavingFirstRing())
			.append("minimumRings", policy.minimumRings())
			.append("minimumSoak", policy.minimumSoak().toString())
			.append("kernelModeStartsPerDay", policy.kernelModeStartsPerDay());
	}

	private static Policy read(Document document) {
		List<String> kinds = document.getList("kernelModeKinds", String.class, List.of());
		Set<Kind> kernelMode = kinds.isEmpty() ? EnumSet.noneOf(Kind.class)
				: kinds.stream().map(Kind::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
		return new Policy(kernelMode, Boolean.TRUE.equals(document.getBoolean("hostSignOffBeforeLeavingFirstRing")),
				document.getInteger("minimumRings"), Duration.parse(document.getString("minimumSoak")),
				document.getInteger("kernelModeStartsPerDay"));
	}

}
