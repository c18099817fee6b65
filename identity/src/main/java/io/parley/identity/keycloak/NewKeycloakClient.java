package io.parley.identity.keycloak;

import java.time.Duration;
import java.util.Map;

/**
 * An organisation's API client to create in Keycloak (ADR 0030).
 *
 * @param claims claims every access token of the client carries with exactly these values ({@code org},
 * {@code org_type})
 * @param audience the audience the services check ({@code parley-api})
 * @param tokenLifespan how long each access token lives: also how long a revoked client's last token still works
 */
public record NewKeycloakClient(String clientId, String name, String description, String secret,
		Map<String, String> claims, String audience, Duration tokenLifespan) {

	@Override
	public String toString() {
		// never the secret, should the record ever end up in a log line or an exception message
		return "NewKeycloakClient[clientId=" + this.clientId + ", claims=" + this.claims + "]";
	}

}
