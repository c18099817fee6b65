package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a partner's pipeline observed on the devices of one ring at one moment. Rates are
 * {@code count × 1000 / devicesReporting}; with no device reporting there is no rate.
 *
 * @param reportedBy who posted it (a machine client's service-account id or a person's id)
 */
public record HealthReport(int ring, Instant observedAt, long devicesUpdated, long devicesReporting, long crashes,
		long bootFailures, long rollbacks, String reportedBy, Instant receivedAt) {

	public @Nullable Double perMille(Gate gate) {
		if (this.devicesReporting == 0) {
			return null;
		}
		long count = switch (gate) {
			case CRASH_RATE -> this.crashes;
			case BOOT_FAILURE_RATE -> this.bootFailures;
			case ROLLBACK_RATE -> this.rollbacks;
		};
		return count * 1000.0 / this.devicesReporting;
	}

	/** Every gate the ring has, measured on this report. */
	public List<GateResult> evaluate(Gates gates) {
		List<GateResult> results = new ArrayList<>();
		for (Gate gate : Gate.values()) {
			Double limit = gates.limit(gate);
			if (limit != null) {
				Double measured = perMille(gate);
				results.add(new GateResult(gate, measured, limit, measured != null && measured > limit));
			}
		}
		return results;
	}

	/**
	 * Why these numbers cannot be true, one phrase per problem, in the request's field names; empty when they
	 * can.
	 */
	public static List<String> impossibilities(long devicesUpdated, long devicesReporting, long crashes,
			long bootFailures, long rollbacks) {
		List<String> problems = new ArrayList<>();
		long[] values = { devicesUpdated, devicesReporting, crashes, bootFailures, rollbacks };
		String[] names = { "devicesUpdated", "devicesReporting", "crashes", "bootFailures", "rollbacks" };
		for (int i = 0; i < values.length; i++) {
			if (values[i] < 0) {
				problems.add(names[i] + ": must not be negative (" + values[i] + ")");
			}
		}
		if (devicesReporting > devicesUpdated) {
			problems.add("devicesReporting: " + devicesReporting + " devices cannot report when only "
					+ devicesUpdated + " were updated");
		}
		for (int i = 2; i < values.length; i++) {
			if (values[i] > devicesReporting && devicesReporting >= 0) {
				problems.add(names[i] + ": " + values[i] + " is more than the " + devicesReporting
						+ " devices reporting");
			}
		}
		return problems;
	}

}
