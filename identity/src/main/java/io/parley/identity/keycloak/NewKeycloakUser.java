package io.parley.identity.keycloak;

import java.util.List;
import java.util.Map;

/**
 * A person to create in Keycloak. The e-mail is also the username (the realm allows signing in with it); the
 * organisation attributes are admin-only in the realm's user profile, so the person cannot change them.
 *
 * @param attributes extra user attributes besides {@code org} and {@code org_type}
 */
public record NewKeycloakUser(String email, String firstName, String lastName, String organisation,
		String organisationType, List<String> requiredActions, Map<String, String> attributes) {
}
