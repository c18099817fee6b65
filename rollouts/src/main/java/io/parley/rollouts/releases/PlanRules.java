package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.parley.platform.labels.Audience;
import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;

/**
 * Whether a declaration may become a release: first its shape (a 400 naming every malformed field), then what
 * policy and the workspace allow (a 422). Pure: the facts about the workspace are passed in.
 */
final class PlanRules {

	static final double MAX_PER_MILLE = 1000;

	private PlanRules() {
	}

	/**
	 * What rollouts knows of the release's workspace.
	 *
	 * @param members every member as the label rule sees them (their organisation from workspace)
	 * @param governmentOrganisations the member organisations known to be government ones
	 * @param hostOrganisations the member organisations known to be host ones
	 */
	record WorkspaceFacts(TlpLabel labelCeiling, List<Reader> members, Set<String> governmentOrganisations,
			Set<String> hostOrganisations) {

		Set<String> organisations() {
			Set<String> organisations = new HashSet<>();
			this.members.forEach((member) -> {
				if (member.organisationId() != null) {
					organisations.add(member.organisationId());
				}
			});
			return organisations;
		}

		/** Whether some member of this organisation is in the audience. */
		boolean reaches(Audience audience, String organisation) {
			return this.members.stream()
				.anyMatch((member) -> organisation.equals(member.organisationId()) && audience.includes(member));
		}

	}

	static void check(Declaration declaration, Actor declarer, Policy policy, WorkspaceFacts workspace) {
		List<String> malformed = malformed(declaration);
		if (!malformed.isEmpty()) {
			throw new InvalidRelease(false, malformed);
		}
		List<String> refused = refused(declaration, declarer, policy, workspace);
		if (!refused.isEmpty()) {
			throw new InvalidRelease(true, refused);
		}
	}

	static List<String> malformed(Declaration declaration) {
		List<String> problems = new ArrayList<>();
		if (!declaration.namedPeople().isEmpty() && declaration.label() != TlpLabel.RED) {
			problems.add("namedPeople: only a TLP:RED release names people");
		}
		if (!declaration.namedOrganisations().isEmpty() && declaration.label() != TlpLabel.AMBER_STRICT) {
			problems.add("namedOrganisations: only a TLP:AMBER+STRICT release names organisations");
		}
		List<RingPlan> rings = declaration.rings();
		if (rings.isEmpty()) {
			problems.add("rings: a plan needs at least one ring");
		}
		Set<String> names = new HashSet<>();
		Double previousShare = null;
		for (int i = 0; i < rings.size(); i++) {
			RingPlan ring = rings.get(i);
			String at = "rings[" + i + "]";
			if (ring.name().isBlank()) {
				problems.add(at + ".name: every ring needs a name");
			}
			else if (!names.add(ring.name().strip().toLowerCase(java.util.Locale.ROOT))) {
				problems.add(at + ".name: another ring is already called '" + ring.name() + "'");
			}
			if (ring.targetShare() == null && ring.targetDevices() == null) {
				problems.add(at + ": give targetShare (percent of devices) or targetDevices, or both");
			}
			Double share = ring.targetShare();
			if (share != null) {
				if (share < 0 || share > 100) {
					problems.add(at + ".targetShare: a percentage from 0 to 100, not " + share);
				}
				else if (previousShare != null && share <= previousShare) {
					problems.add(at + ".targetShare: must be more than the previous ring's " + previousShare
							+ "% (each ring reaches more devices)");
				}
				previousShare = share;
			}
			if (ring.targetDevices() != null && ring.targetDevices() < 1) {
				problems.add(at + ".targetDevices: at least 1 device");
			}
			if (ring.minSoak().isNegative() || ring.minSoak().isZero()) {
				problems.add(at + ".minSoak: a positive duration such as PT2H");
			}
			Gates gates = ring.gates();
			for (Gate gate : Gate.values()) {
				Double limit = gates.limit(gate);
				if (limit != null && (limit.isNaN() || limit < 0 || limit > MAX_PER_MILLE)) {
					problems.add(at + ".gates: the " + gate.words() + " gate must be between 0 and 1000 per mille, not "
							+ limit);
				}
			}
			if (gates.minDevicesReporting() < 1) {
				problems.add(at + ".gates.minDevicesReporting: at least 1 device must report");
			}
			Set<String> signers = new HashSet<>();
			for (String organisation : ring.signOffOrganisations()) {
				if (!signers.add(organisation)) {
					problems.add(at + ".signOffOrganisations: " + organisation + " is listed twice");
				}
			}
		}
		return problems;
	}

	static List<String> refused(Declaration declaration, Actor declarer, Policy policy, WorkspaceFacts workspace) {
		List<String> problems = new ArrayList<>();
		if (declaration.label().narrowerThan(workspace.labelCeiling())) {
			problems.add("label: this workspace holds material up to " + workspace.labelCeiling().value() + "; "
					+ declaration.label().value() + " is above that");
		}
		Audience audience = Audience.of(declaration.label(), declarer.id(), declarer.organisationId(),
				declaration.namedPeople(), declaration.namedOrganisations());
		// The host approves calendar conflicts and agrees to every resume: a release they cannot read could never
		// restart after a halt.
		if (!workspace.hostOrganisations().isEmpty() && workspace.hostOrganisations()
			.stream()
			.noneMatch((host) -> workspace.reaches(audience, host))) {
			problems.add("label: nobody of the host organisation (" + String.join(", ", workspace.hostOrganisations())
					+ ") could read this " + declaration.label().value() + " release, yet the host approves calendar"
					+ " conflicts and agrees to resume after a halt; name them or choose a wider label");
		}
		Set<String> memberOrganisations = workspace.organisations();
		int minimumRings = Math.max(1, policy.minimumRings());
		if (declaration.rings().size() < minimumRings) {
			problems.add("rings: the portal's policy asks for at least " + minimumRings + " rings, this plan has "
					+ declaration.rings().size());
		}
		Duration minimumSoak = policy.minimumSoak();
		for (int i = 0; i < declaration.rings().size(); i++) {
			RingPlan ring = declaration.rings().get(i);
			String at = "rings[" + i + "]";
			if (ring.minSoak().compareTo(minimumSoak) < 0) {
				problems.add(at + ".minSoak: the portal's policy asks for at least " + minimumSoak + " of soak time in"
						+ " every ring, not " + ring.minSoak());
			}
			for (String organisation : ring.signOffOrganisations()) {
				if (!memberOrganisations.contains(organisation)) {
					problems.add(at + ".signOffOrganisations: " + organisation
							+ " is not a member organisation of this workspace");
				}
				else if (workspace.governmentOrganisations().contains(organisation)) {
					problems.add(at + ".signOffOrganisations: " + organisation
							+ " is a government organisation; government observers read releases but do not sign off");
				}
				else if (!workspace.reaches(audience, organisation)) {
					problems.add(at + ".signOffOrganisations: nobody of " + organisation + " could read this "
							+ declaration.label().value() + " release to sign it off; name them or choose a wider label");
				}
			}
		}
		return problems;
	}

}
