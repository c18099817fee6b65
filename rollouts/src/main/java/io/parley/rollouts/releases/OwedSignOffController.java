package io.parley.rollouts.releases;

import java.util.List;

import io.parley.platform.security.Caller;
import io.parley.platform.security.OwedScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "What we owe" for rollouts (ADR 0044): the sign-offs the caller's organisation still owes. */
@RestController
@Tag(name = "Releases")
class OwedSignOffController {

	private final Releases releases;

	OwedSignOffController(Releases releases) {
		this.releases = releases;
	}

	@GetMapping("/api/rollouts/sign-offs/owed")
	@Operation(summary = "What we owe: releases whose current ring waits for the caller's organisation's sign-off, "
			+ "soak end first; scope=organisation for an organisation admin's whole organisation")
	List<OwedSignOff> owed(Caller caller, @RequestParam(required = false) @Nullable String scope) {
		String organisation = OwedScope.organisation(caller, scope);
		return this.releases.owedSignOffs(this.releases.viewer(caller), organisation);
	}

}
