package io.parley.identity.person;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.parley.identity.organisation.Organisation;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PeopleSearch#match} against a model of the directory's rule written as sets (ADR 0006, 0045): over three
 * organisations, active or not, callers of every organisation with and without the admin roles, people of every status,
 * and a query that is part of the name, part of the e-mail address only, or neither.
 */
class PeopleSearchPropertyTests {

	private static final List<String> ORGANISATIONS = List.of("host", "acme-security", "gov-cert");

	record World(Caller caller, Person person, Organisation organisation, String query) {
	}

	@Property
	void theSearchShowsExactlyWhatTheDirectoryModelAllows(@ForAll("worlds") World world) {
		Optional<PeopleSearch.PersonMatch> found = PeopleSearch.match(world.caller(), world.person(),
				world.organisation(), world.query());

		boolean portalAdmin = world.caller().roles().contains(Caller.PORTAL_ADMIN);
		Set<String> visibleOrganisations = new HashSet<>();
		Set<String> addressesShownOf = new HashSet<>();
		if (world.organisation().active()) {
			visibleOrganisations.add(world.organisation().id());
		}
		visibleOrganisations.add(world.caller().organisation());
		addressesShownOf.add(world.caller().organisation());
		if (portalAdmin) {
			visibleOrganisations.addAll(ORGANISATIONS);
			addressesShownOf.addAll(ORGANISATIONS);
		}
		String organisation = world.person().organisationId();
		String query = world.query().toLowerCase(Locale.ROOT);
		boolean shown = world.person().status() == Person.Status.ACTIVE && visibleOrganisations.contains(organisation)
				&& (world.person().name().toLowerCase(Locale.ROOT).contains(query)
						|| (addressesShownOf.contains(organisation) && world.person().email().contains(query)));

		assertThat(found.isPresent()).as("%s finds %s", world.caller(), world.person()).isEqualTo(shown);
		found.ifPresent((match) -> {
			assertThat(match.email() != null).as("e-mail shown").isEqualTo(addressesShownOf.contains(organisation));
			assertThat(match.organisationName()).isEqualTo(world.organisation().name());
			assertThat(match.id()).isEqualTo(world.person().id());
		});
	}

	@Provide
	Arbitrary<World> worlds() {
		Arbitrary<Caller> callers = Arbitraries.of(ORGANISATIONS)
			.flatMap((organisation) -> Arbitraries.subsetOf(Caller.PORTAL_ADMIN, Caller.ORG_ADMIN, Caller.AUDITOR)
				.map((roles) -> {
					Set<String> all = new HashSet<>(roles);
					all.add(Caller.MEMBER);
					return new Caller(UUID.randomUUID().toString(), "Caller", null, organisation, OrganisationType.VENDOR,
							all);
				}));
		Arbitrary<Person> people = Arbitraries.of(ORGANISATIONS)
			.flatMap((organisation) -> Arbitraries.of(Person.Status.class)
				.map((status) -> new Person(UUID.randomUUID(), organisation, OrganisationType.VENDOR, "Liesel Lind",
						"ll.kappa@" + organisation + ".example", Role.MEMBER, status, null, null, null, null,
						Instant.EPOCH, null, null, null, 1)));
		Arbitrary<Boolean> active = Arbitraries.of(true, false);
		// part of the name (any case), part of the address only, or neither
		Arbitrary<String> queries = Arbitraries.of("liesel", "LIND", "el L", "kappa", "ll.k", "example", "zq");
		return people.flatMap((person) -> active.flatMap((isActive) -> callers.flatMap((caller) -> queries
			.map((query) -> new World(caller, person, new Organisation(person.organisationId(),
					"Org " + person.organisationId(), OrganisationType.VENDOR, List.of(), isActive, Instant.EPOCH, null,
					1), query)))));
	}

}
