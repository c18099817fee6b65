package io.parley.rollouts.releases;

import org.jspecify.annotations.Nullable;

/**
 * The health gates of a ring, rates per thousand devices reporting (‰). A rate above its maximum is a breach; the
 * rollback gate only counts when set.
 *
 * @param minDevicesReporting how many devices must report before the ring may be left (a breach halts with fewer)
 */
public record Gates(double maxCrashPerMille, double maxBootFailurePerMille, @Nullable Double maxRollbackPerMille,
		long minDevicesReporting) {

	/** The limit of {@code gate}, or null when the ring has none for it. */
	public @Nullable Double limit(Gate gate) {
		return switch (gate) {
			case CRASH_RATE -> this.maxCrashPerMille;
			case BOOT_FAILURE_RATE -> this.maxBootFailurePerMille;
			case ROLLBACK_RATE -> this.maxRollbackPerMille;
		};
	}

}
