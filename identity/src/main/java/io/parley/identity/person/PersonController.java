package io.parley.identity.person;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.parley.identity.Access;
import io.parley.identity.Inputs;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The directory and people. Three views of a person: everything for portal admins, their organisation's admins,
 * their sponsor and themselves; id, name, e-mail and role for colleagues of the same organisation; only name,
 * organisation and role for anyone else, and only in the directory (outsiders never learn an id, so a person of
 * another organisation answers 404 to them).
 */
@RestController
@Tag(name = "People")
class PersonController {

	private final People people;

	private final Organisations organisations;

	private final Authority authority;

	private final PeopleSearch search;

	PersonController(People people, Organisations organisations, Authority authority, PeopleSearch search) {
		this.people = people;
		this.organisations = organisations;
		this.authority = authority;
		this.search = search;
	}

	@GetMapping("/api/identity/people")
	@Operation(summary = "Find people by part of their name (or e-mail address, where the directory shows it), "
			+ "across the organisations the caller may see; the people picker")
	PeopleSearch.PeopleFound search(Caller caller, @RequestParam(defaultValue = "") String query) {
		return this.search.search(caller, query);
	}

	@GetMapping("/api/identity/organisations/{organisationId}/people")
	@Operation(summary = "Directory of an organisation; what is shown depends on who asks")
	List<?> directory(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		Organisation organisation = this.organisations.find(organisationId)
			.filter((found) -> found.active() || Access.portalAdmin(caller) || Access.memberOf(caller, organisationId))
			.orElseThrow(() -> Problem.notFound("organisation"));
		List<Person> members = this.people.ofOrganisation(organisation.id());
		if (Access.manages(caller, organisationId)) {
			return members.stream().map(PersonView::of).toList();
		}
		List<Person> current = members.stream().filter((person) -> !person.offboarded()).toList();
		if (Access.memberOf(caller, organisationId)) {
			return current.stream().map(ColleagueView::of).toList();
		}
		return current.stream()
			.filter((person) -> person.status() == Person.Status.ACTIVE)
			.map(DirectoryEntry::of)
			.toList();
	}

	@GetMapping("/api/identity/people/{personId}")
	@Operation(summary = "One person")
	Object get(Caller caller, @PathVariable UUID personId) {
		Person person = visible(caller, personId);
		return seesEverything(caller, person) ? PersonView.of(person) : ColleagueView.of(person);
	}

	@PutMapping("/api/identity/people/{personId}/role")
	@Operation(summary = "Change a person's role in their organisation (portal admins, org admins of it)")
	PersonView changeRole(Caller caller, @PathVariable UUID personId, @Valid @RequestBody RoleChange request) {
		Person person = visible(caller, personId);
		this.authority.require(caller, Authority.Act.CHANGE_ROLE, person);
		return PersonView.of(this.people.changeRole(person, request.role(), Access.idOf(caller)));
	}

	@PostMapping("/api/identity/people/{personId}/access-extension")
	@Operation(summary = "Move a sponsored person's access end (their sponsor, portal admins, org admins of it)")
	PersonView extend(Caller caller, @PathVariable UUID personId, @Valid @RequestBody Extension request) {
		Person person = visible(caller, personId);
		this.authority.require(caller, Authority.Act.EXTEND_ACCESS, person);
		return PersonView.of(this.people.extendAccess(person, request.accessEndsAt()));
	}

	/**
	 * A person the caller may know by id: admins of their organisation, their sponsor, themselves, and current
	 * colleagues. Everybody else gets the same 404 as for an id that does not exist.
	 */
	private Person visible(Caller caller, UUID personId) {
		return this.people.find(personId)
			.filter((person) -> seesEverything(caller, person)
					|| (Access.memberOf(caller, person.organisationId()) && !person.offboarded()))
			.orElseThrow(() -> Problem.notFound("person"));
	}

	private static boolean seesEverything(Caller caller, Person person) {
		return Access.manages(caller, person.organisationId()) || sponsors(caller, person)
				|| caller.id().equals(person.id().toString());
	}

	private static boolean sponsors(Caller caller, Person person) {
		return person.sponsorId() != null && Objects.equals(person.sponsorId().toString(), caller.id());
	}

	record RoleChange(@NotNull Role role) {
	}

	record Extension(@NotNull Instant accessEndsAt) {
	}

	record PersonView(UUID id, String name, String email, String organisationId, OrganisationType organisationType,
			Role role, Person.Status status, @Nullable UUID sponsorId, @Nullable Instant accessEndsAt,
			@Nullable Instant joinedAt, @Nullable Instant offboardedAt) {

		static PersonView of(Person person) {
			return new PersonView(person.id(), person.name(), person.email(), person.organisationId(),
					person.organisationType(), person.role(), person.status(), person.sponsorId(),
					person.accessEndsAt(), person.joinedAt(), person.offboardedAt());
		}

	}

	record ColleagueView(UUID id, String name, String email, String organisationId, Role role) {

		static ColleagueView of(Person person) {
			return new ColleagueView(person.id(), person.name(), person.email(), person.organisationId(),
					person.role());
		}

	}

	/** All that someone of another organisation may see of a person. */
	record DirectoryEntry(String name, String organisationId, Role role) {

		static DirectoryEntry of(Person person) {
			return new DirectoryEntry(person.name(), person.organisationId(), person.role());
		}

	}

}
