package io.parley.identity.me;

import java.util.Set;

import io.parley.identity.person.People;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {

	private final People people;

	MeController(People people) {
		this.people = people;
	}

	/**
	 * The SPA asks this first after every sign-in, so it is where identity notices a person's first sign-in
	 * ({@code MemberJoined}).
	 */
	@GetMapping("/api/identity/me")
	Me me(Caller caller) {
		this.people.signedIn(caller);
		return new Me(caller.id(), caller.name(), caller.email(), caller.organisation(), caller.organisationType(),
				caller.roles());
	}

	record Me(String id, String name, @Nullable String email, @Nullable String organisation,
			@Nullable OrganisationType organisationType, Set<String> roles) {
	}

}
