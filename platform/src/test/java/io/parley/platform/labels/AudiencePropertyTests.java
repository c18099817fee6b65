package io.parley.platform.labels;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label rule checked against a plain model: an audience is the set of people (of a small world, with their
 * organisations) who may see, and a change widens exactly when afterwards somebody is in that set who was not
 * before, or when the label is lowered. The world holds, for every organisation, one more person than anyone names,
 * standing for whoever joins that organisation later.
 */
class AudiencePropertyTests {

	/** Six people in three organisations, and one whose organisation nobody knows. */
	static final Map<String, Optional<String>> WORLD = Map.of("ana", Optional.of("acme"), "ben", Optional.of("acme"),
			"gus", Optional.of("gov"), "gil", Optional.of("gov"), "oli", Optional.of("other"),
			"ora", Optional.of("other"), "unk", Optional.empty());

	/** Never named by any generated audience: a later member of each organisation. */
	static final Map<String, Optional<String>> LATER = Map.of("acme-later", Optional.of("acme"), "gov-later",
			Optional.of("gov"), "other-later", Optional.of("other"), "new-org-later", Optional.of("new-org"));

	static Optional<String> organisationOf(String person) {
		return WORLD.getOrDefault(person, LATER.getOrDefault(person, Optional.empty()));
	}

	/** The model: who sees it, person by person. */
	static Set<String> seenBy(Audience audience) {
		Set<String> everyone = new HashSet<>(WORLD.keySet());
		everyone.addAll(LATER.keySet());
		return everyone.stream()
			.filter((person) -> switch (audience.label()) {
				case RED -> person.equals(audience.sharedBy()) || audience.namedPeople().contains(person);
				case AMBER_STRICT -> person.equals(audience.sharedBy()) || organisationOf(person)
					.filter((organisation) -> organisation.equals(audience.sharerOrganisation())
							|| audience.namedOrganisations().contains(organisation))
					.isPresent();
				case AMBER, GREEN, CLEAR -> true;
			})
			.collect(Collectors.toSet());
	}

	@Property(tries = 2000)
	void includesIsTheModel(@ForAll("audiences") Audience audience) {
		Set<String> model = seenBy(audience);
		for (String person : allPeople()) {
			assertThat(audience.includes(new Reader(person, organisationOf(person).orElse(null))))
				.as("%s sees %s", person, audience)
				.isEqualTo(model.contains(person));
		}
	}

	@Property(tries = 5000)
	void aChangeWidensExactlyWhenSomeoneNewMaySeeOrTheLabelIsLowered(@ForAll("audiences") Audience current,
			@ForAll("audiences") Audience proposed) {
		Audience next = Audience.of(proposed.label(), current.sharedBy(), current.sharerOrganisation(),
				proposed.namedPeople(), proposed.namedOrganisations());
		Set<String> gained = new HashSet<>(seenBy(next));
		gained.removeAll(seenBy(current));
		boolean lowered = next.label().ordinal() < current.label().ordinal();

		assertThat(current.widenedBy(next, AudiencePropertyTests::organisationOf))
			.as("%s -> %s (newly seeing: %s)", current, next, gained)
			.isEqualTo(lowered || !gained.isEmpty());
	}

	@Property
	void nothingWidensItself(@ForAll("audiences") Audience audience) {
		assertThat(audience.widenedBy(audience, AudiencePropertyTests::organisationOf)).isFalse();
	}

	/** Issue 13, item 2, as the rule sees it. */
	@Example
	void raisingStrictToRedNamingSomeoneOfAnotherOrganisationWidens() {
		Audience strict = Audience.of(TlpLabel.AMBER_STRICT, "ana", "acme", List.of(), List.of());
		Audience redNamingGus = Audience.of(TlpLabel.RED, "ana", "acme", List.of("gus"), List.of());
		Audience redNamingBen = Audience.of(TlpLabel.RED, "ana", "acme", List.of("ben"), List.of());

		assertThat(strict.widenedFor(redNamingGus, AudiencePropertyTests::organisationOf))
			.containsExactly("it names 1 person(s) who could not see it before");
		assertThat(strict.widenedBy(redNamingBen, AudiencePropertyTests::organisationOf)).isFalse();
	}

	@Example
	void anUnknownLabelInAnEventIsRed() {
		assertThat(TlpLabel.orRed("TLP:AMBR")).isEqualTo(TlpLabel.RED);
		assertThat(TlpLabel.orRed(null)).isEqualTo(TlpLabel.RED);
		assertThat(TlpLabel.orRed("TLP:AMBER+STRICT")).isEqualTo(TlpLabel.AMBER_STRICT);
	}

	@Provide
	Arbitrary<Audience> audiences() {
		Arbitrary<String> sharer = Arbitraries.of(WORLD.keySet().stream().sorted().toList());
		Arbitrary<Set<String>> people = Arbitraries.of(WORLD.keySet().stream().sorted().toList()).set().ofMaxSize(3);
		Arbitrary<Set<String>> organisations = Arbitraries.of("acme", "gov", "other", "new-org").set().ofMaxSize(2);
		return Combinators.combine(Arbitraries.of(TlpLabel.class), sharer, people, organisations)
			.as((label, by, named, namedOrganisations) -> Audience.of(label, by, organisationOf(by).orElse(null),
					named, namedOrganisations));
	}

	private static Set<String> allPeople() {
		Set<String> everyone = new HashSet<>(WORLD.keySet());
		everyone.addAll(LATER.keySet());
		return everyone;
	}

}
