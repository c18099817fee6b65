package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What happened in a ring that has started.
 *
 * @param soakFrom when the soak time runs from: the start, or the latest resume
 * @param latestHealth the baseline the gates are judged on: the newest report since {@code soakFrom} (a resume
 * clears it)
 * @param lastObservedAt the newest {@code observedAt} ever accepted for this ring; a report must come after it
 */
public record RingProgress(Instant startedAt, Instant soakFrom, List<SignOff> signOffs,
		@Nullable HealthReport latestHealth, @Nullable Instant lastObservedAt) {

	public RingProgress {
		signOffs = List.copyOf(signOffs);
	}

	static RingProgress startedAt(Instant now) {
		return new RingProgress(now, now, List.of(), null, null);
	}

	Instant soakEndsAt(Duration minSoak) {
		return this.soakFrom.plus(minSoak);
	}

	/** The latest decision of every organisation that signed, in the order they first signed. */
	public Map<String, SignOff> latestByOrganisation() {
		Map<String, SignOff> latest = new LinkedHashMap<>();
		for (SignOff signOff : this.signOffs) {
			latest.put(signOff.organisationId(), signOff);
		}
		return latest;
	}

	RingProgress with(SignOff signOff) {
		List<SignOff> all = new ArrayList<>(this.signOffs);
		all.add(signOff);
		return new RingProgress(this.startedAt, this.soakFrom, all, this.latestHealth, this.lastObservedAt);
	}

	RingProgress with(HealthReport report) {
		return new RingProgress(this.startedAt, this.soakFrom, this.signOffs, report, report.observedAt());
	}

	/** Resumed: the soak starts again and a new report is needed before the ring may be left. */
	RingProgress resumedAt(Instant now) {
		return new RingProgress(this.startedAt, now, this.signOffs, null, this.lastObservedAt);
	}

}
