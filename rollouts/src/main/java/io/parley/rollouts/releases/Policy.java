package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.Set;

/**
 * The portal's rollout policy, which portal admins edit.
 *
 * @param kernelModeKinds kinds that run in kernel mode: they count against {@code kernelModeStartsPerDay} and need a
 * host organisation's go before leaving their first ring when {@code hostSignOffBeforeLeavingFirstRing}
 * @param minimumRings fewest rings a plan may have (at least 1)
 * @param minimumSoak shortest soak time of any ring (at least one second)
 * @param kernelModeStartsPerDay planned kernel-mode ring starts a UTC day takes before a schedule needs the host's
 * approval
 */
public record Policy(Set<Kind> kernelModeKinds, boolean hostSignOffBeforeLeavingFirstRing, int minimumRings,
		Duration minimumSoak, int kernelModeStartsPerDay) {

	public static final Duration SHORTEST_SOAK = Duration.ofSeconds(1);

	public Policy {
		kernelModeKinds = Set.copyOf(kernelModeKinds);
	}

	public static Policy defaults() {
		return new Policy(Set.of(Kind.KERNEL_DRIVER, Kind.SENSOR), true, 2, Duration.ofHours(1), 3);
	}

	public boolean kernelMode(Kind kind) {
		return this.kernelModeKinds.contains(kind);
	}

}
