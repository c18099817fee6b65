package io.parley.identity.me;

import java.util.Set;

import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {

	@GetMapping("/api/identity/me")
	Me me(Caller caller) {
		return new Me(caller.id(), caller.name(), caller.email(), caller.organisation(), caller.organisationType(),
				caller.roles());
	}

	record Me(String id, String name, @Nullable String email, @Nullable String organisation,
			@Nullable OrganisationType organisationType, Set<String> roles) {
	}

}
