package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One ring of a release's plan, in order: who gets it ({@code targetShare} percent of the fleet and/or
 * {@code targetDevices}), how long it must soak at least, its health gates and the organisations whose go it needs.
 */
public record RingPlan(String name, @Nullable Double targetShare, @Nullable Long targetDevices, Duration minSoak,
		Gates gates, List<String> signOffOrganisations) {

	public RingPlan {
		signOffOrganisations = List.copyOf(signOffOrganisations);
	}

}
