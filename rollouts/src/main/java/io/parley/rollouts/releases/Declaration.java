package io.parley.rollouts.releases;

import java.util.List;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;

/** What a partner declares: the release and its plan, already parsed from the request. */
public record Declaration(UUID workspaceId, String product, String version, Kind kind, String summary,
		TlpLabel label, List<String> namedPeople, List<String> namedOrganisations, List<RingPlan> rings) {

	public Declaration {
		namedPeople = List.copyOf(namedPeople);
		namedOrganisations = List.copyOf(namedOrganisations);
		rings = List.copyOf(rings);
	}

}
