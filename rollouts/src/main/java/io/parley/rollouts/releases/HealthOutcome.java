package io.parley.rollouts.releases;

import java.util.List;

/** What an accepted health report found: the report, every gate measured on it, and whether it halted the release. */
public record HealthOutcome(HealthReport report, List<GateResult> gates, boolean halted) {

	public HealthOutcome {
		gates = List.copyOf(gates);
	}

}
