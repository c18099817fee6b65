package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import org.junit.jupiter.api.Test;

import static io.parley.rollouts.releases.Plans.ENGINEER;
import static io.parley.rollouts.releases.Plans.HOST;
import static io.parley.rollouts.releases.Plans.gates;
import static io.parley.rollouts.releases.Plans.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Which plans become releases: malformed ones are a 400 naming every field, refused ones a 422. */
class PlanRulesTests {

	@Test
	void givenPlanWithoutRings_whenChecked_thenMalformed() {
		assertThat(malformed(with((d) -> rings(d, List.of())))).containsExactly("rings: a plan needs at least one ring");
	}

	@Test
	void givenGatesOutsideZeroToAThousand_whenChecked_thenEachNamed() {
		RingPlan ring = new RingPlan("canary", 1.0, null, Duration.ofHours(1), new Gates(1001, -1, 2000.0, 0),
				List.of());
		assertThat(malformed(with((d) -> rings(d, List.of(ring, ring("pilot", 10)))))).containsExactly(
				"rings[0].gates: the crash rate gate must be between 0 and 1000 per mille, not 1001.0",
				"rings[0].gates: the boot-failure rate gate must be between 0 and 1000 per mille, not -1.0",
				"rings[0].gates: the rollback rate gate must be between 0 and 1000 per mille, not 2000.0",
				"rings[0].gates.minDevicesReporting: at least 1 device must report");
	}

	@Test
	void givenDuplicateNamesAndShrinkingShares_whenChecked_thenMalformed() {
		assertThat(malformed(with((d) -> rings(d, List.of(ring("canary", 10), ring("Canary", 5))))))
			.containsExactly("rings[1].name: another ring is already called 'Canary'",
					"rings[1].targetShare: must be more than the previous ring's 10.0% (each ring reaches more devices)");
	}

	@Test
	void givenNamedPeopleUnderAmber_whenChecked_thenMalformed() {
		Declaration declaration = with((d) -> new Declaration(d.workspaceId(), d.product(), d.version(), d.kind(),
				d.summary(), TlpLabel.AMBER, List.of(HOST.id()), List.of("host"), d.rings()));
		assertThat(malformed(declaration)).containsExactly("namedPeople: only a TLP:RED release names people",
				"namedOrganisations: only a TLP:AMBER+STRICT release names organisations");
	}

	@Test
	void givenOneRingUnderTheDefaultPolicy_whenChecked_thenRefusedByPolicy() {
		assertThat(refused(with((d) -> rings(d, List.of(ring("canary", 1)))), Policy.defaults()))
			.containsExactly("rings: the portal's policy asks for at least 2 rings, this plan has 1");
	}

	@Test
	void givenSoakShorterThanPolicy_whenChecked_thenRefusedNamingTheRing() {
		RingPlan quick = new RingPlan("pilot", 10.0, null, Duration.ofMinutes(5), gates(), List.of());
		assertThat(refused(with((d) -> rings(d, List.of(ring("canary", 1), quick))), Policy.defaults()))
			.containsExactly("rings[1].minSoak: the portal's policy asks for at least PT1H of soak time in every ring,"
					+ " not PT5M");
	}

	@Test
	void givenSignersOutsideTheWorkspaceOrGovernment_whenChecked_thenRefused() {
		assertThat(refused(with((d) -> rings(d, List.of(ring("canary", 1, "stranger"), ring("pilot", 10, "gov-cert")))),
				Policy.defaults()))
			.containsExactly("rings[0].signOffOrganisations: stranger is not a member organisation of this workspace",
					"rings[1].signOffOrganisations: gov-cert is a government organisation; government observers read"
							+ " releases but do not sign off");
	}

	@Test
	void givenAmberStrictNotNamingTheHost_whenChecked_thenRefusedBecauseNobodyCouldResume() {
		Declaration declaration = with((d) -> new Declaration(d.workspaceId(), d.product(), d.version(), d.kind(),
				d.summary(), TlpLabel.AMBER_STRICT, List.of(), List.of("other-vendor"), d.rings()));
		assertThat(refused(declaration, Policy.defaults())).containsExactly(
				"label: nobody of the host organisation (host) could read this TLP:AMBER+STRICT release, yet the host"
						+ " approves calendar conflicts and agrees to resume after a halt; name them or choose a wider"
						+ " label",
				"rings[1].signOffOrganisations: nobody of host could read this TLP:AMBER+STRICT release to sign it off;"
						+ " name them or choose a wider label");
	}

	@Test
	void givenRedAboveAnAmberCeiling_whenChecked_thenRefused() {
		Declaration declaration = with((d) -> new Declaration(d.workspaceId(), d.product(), d.version(), d.kind(),
				d.summary(), TlpLabel.RED, List.of(HOST.id(), Plans.PARTNER.id()), List.of(), d.rings()));
		PlanRules.WorkspaceFacts amber = new PlanRules.WorkspaceFacts(TlpLabel.AMBER, Plans.workspace().members(),
				Set.of("gov-cert"), Set.of("host"));
		assertThatThrownBy(() -> PlanRules.check(declaration, ENGINEER, Policy.defaults(), amber))
			.isInstanceOf(InvalidRelease.class)
			.asInstanceOf(type(InvalidRelease.class))
			.satisfies((ex) -> assertThat(ex.unprocessable()).isTrue())
			.extracting(InvalidRelease::problems)
			.asList()
			.containsExactly("label: this workspace holds material up to TLP:AMBER; TLP:RED is above that");
	}

	@Test
	void givenTheStandardPlan_whenChecked_thenAccepted() {
		PlanRules.check(Plans.declaration(Kind.SENSOR), ENGINEER, Policy.defaults(), Plans.workspace());
		PlanRules.check(Plans.declaration(Kind.SENSOR), ENGINEER, Policy.defaults(),
				new PlanRules.WorkspaceFacts(TlpLabel.AMBER, List.of(new Reader(ENGINEER.id(), "acme-security"),
						new Reader(HOST.id(), "host"), new Reader(Plans.PARTNER.id(), "other-vendor")), Set.of(),
						Set.of("host")));
	}

	private static Declaration with(UnaryOperator<Declaration> change) {
		return change.apply(Plans.declaration(Kind.SENSOR));
	}

	private static Declaration rings(Declaration d, List<RingPlan> rings) {
		return new Declaration(d.workspaceId(), d.product(), d.version(), d.kind(), d.summary(), d.label(),
				d.namedPeople(), d.namedOrganisations(), rings);
	}

	private static List<String> malformed(Declaration declaration) {
		return PlanRules.malformed(declaration);
	}

	private static List<String> refused(Declaration declaration, Policy policy) {
		assertThat(PlanRules.malformed(declaration)).isEmpty();
		return PlanRules.refused(declaration, ENGINEER, policy, Plans.workspace());
	}

}
