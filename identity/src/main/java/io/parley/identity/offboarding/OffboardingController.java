package io.parley.identity.offboarding;

import java.util.UUID;

import io.parley.identity.Access;
import io.parley.identity.person.Authority;
import io.parley.identity.person.People;
import io.parley.identity.person.Person;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "People")
class OffboardingController {

	private final People people;

	private final Offboarding offboarding;

	private final Authority authority;

	OffboardingController(People people, Offboarding offboarding, Authority authority) {
		this.people = people;
		this.offboarding = offboarding;
		this.authority = authority;
	}

	/**
	 * Portal admins and the person's org admins. A colleague sees the person and gets 403; anyone else gets the
	 * same 404 as for an unknown id. Admins cannot offboard themselves (someone must be left to undo mistakes), nor
	 * anyone of higher rank ({@link Authority}).
	 */
	@PostMapping("/api/identity/people/{personId}/offboarding")
	@Operation(summary = "Disable the person in Keycloak, end all their sessions, record MemberOffboarded")
	ResponseEntity<Void> offboard(Caller caller, @PathVariable UUID personId) {
		Person person = this.people.find(personId)
			.filter((found) -> Access.manages(caller, found.organisationId())
					|| (Access.memberOf(caller, found.organisationId()) && !found.offboarded()))
			.orElseThrow(() -> Problem.notFound("person"));
		this.authority.require(caller, Authority.Act.OFFBOARD, person);
		this.offboarding.offboard(person, Access.idOf(caller));
		return ResponseEntity.noContent().build();
	}

}
