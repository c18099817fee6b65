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

import io.parley.platform.security.Caller;
import io.parley.rollouts.RolloutsProperties;
import io.parley.rollouts.releases.Kind;
import io.parley.rollouts.releases.Policies;
import io.parley.rollouts.releases.Policy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The current policy: one document ({@code policy}, id {@code current}) once a portal admin changed it, the
 * configured initial policy before. Every change is also appended to {@code policy_changes} with who made it and
 * when (the policy decides what every partner may do, so its history is kept like a transition's), and logged.
 */
@Service
class PolicyStore implements Policies {

	static final String COLLECTION = "policy";

	static final String HISTORY = "policy_changes";

	private static final String CURRENT = "current";

	private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

	private final MongoTemplate mongo;

	private final Policy initial;

	private final Clock clock;

	PolicyStore(MongoTemplate mongo, RolloutsProperties properties, Clock clock) {
		this.mongo = mongo;
		this.initial = properties.policy().toPolicy();
		this.clock = clock;
	}

	@Override
	public Policy current() {
		Document stored = this.mongo.findById(CURRENT, Document.class, COLLECTION);
		return (stored != null) ? read(stored) : this.initial;
	}

	Policy change(Caller caller, Policy policy) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Document document = write(policy).append("_id", CURRENT)
			.append("changedBy", caller.id())
			.append("changedAt", Date.from(now));
		this.mongo.save(document, COLLECTION);
		Document change = write(policy).append("changedBy", caller.id()).append("changedAt", Date.from(now));
		this.mongo.insert(change, HISTORY);
		log.info("Rollout policy changed by {}: kernel-mode kinds {}, host go before leaving the first ring {}, "
				+ "minimum rings {}, minimum soak {}, kernel-mode starts per day {}", caller.id(),
				policy.kernelModeKinds(), policy.hostSignOffBeforeLeavingFirstRing(), policy.minimumRings(),
				policy.minimumSoak(), policy.kernelModeStartsPerDay());
		return policy;
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
