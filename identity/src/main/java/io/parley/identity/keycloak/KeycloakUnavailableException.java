package io.parley.identity.keycloak;

import io.parley.platform.problem.Problem;

import org.springframework.http.HttpStatus;

/** Keycloak did not answer, or answered something identity cannot act on; nothing was changed on our side. */
public class KeycloakUnavailableException extends RuntimeException {

	public KeycloakUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public KeycloakUnavailableException(String message) {
		super(message);
	}

	/** What the person sees when Keycloak could not complete a change: 503, nothing recorded, try again. */
	public static Problem problem() {
		return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "keycloak-unavailable", "Identity provider unavailable",
				"Keycloak could not complete the change; nothing was recorded. Try again shortly.");
	}

}
