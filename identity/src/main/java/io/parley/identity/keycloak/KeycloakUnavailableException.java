package io.parley.identity.keycloak;

/** Keycloak did not answer, or answered something identity cannot act on; nothing was changed on our side. */
public class KeycloakUnavailableException extends RuntimeException {

	public KeycloakUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public KeycloakUnavailableException(String message) {
		super(message);
	}

}
