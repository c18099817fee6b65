package io.parley.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the access token says. It says who the person is, never what they may open: each service
 * decides that from its own data (memberships, labels).
 *
 * @param organisationType {@code null} when the token carries no (or an unknown) {@code org_type}; such a caller
 * belongs to no organisation and services treat them as an outsider
 */
public record Caller(String id, String name, @Nullable String email, @Nullable String organisation,
		@Nullable OrganisationType organisationType, Set<String> roles) {

	public static final String PORTAL_ADMIN = "portal-admin";

	public static final String ORG_ADMIN = "org-admin";

	public static final String MEMBER = "member";

	public static final String AUDITOR = "auditor";

	/**
	 * An organisation's API client (a partner pipeline), not a person: a client-credentials token whose
	 * {@code sub} is the client's service-account user, {@code azp} the client id and {@code org} its organisation
	 * (ADR 0030). Identity gives this role to nothing else.
	 */
	public static final String MACHINE = "machine";

	public Caller {
		Objects.requireNonNull(id, "id");
		roles = Set.copyOf(roles);
	}

	public static Caller from(Jwt jwt) {
		String name = firstNonBlank(jwt.getClaimAsString("name"), jwt.getClaimAsString("preferred_username"),
				jwt.getSubject());
		return new Caller(jwt.getSubject(), name, jwt.getClaimAsString("email"), jwt.getClaimAsString("org"),
				organisationType(jwt.getClaimAsString("org_type")), new TreeSet<>(realmRoles(jwt)));
	}

	/** Keycloak puts realm roles under {@code realm_access.roles}; anything else there is ignored. */
	static Collection<String> realmRoles(Jwt jwt) {
		Object realmAccess = jwt.getClaims().get("realm_access");
		if (realmAccess instanceof java.util.Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
			return roles.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return List.of();
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

	/** An organisation's API client rather than a person; it has no person roles and is no workspace member. */
	public boolean isMachine() {
		return hasRole(MACHINE);
	}

	private static @Nullable OrganisationType organisationType(@Nullable String value) {
		if (value == null) {
			return null;
		}
		for (OrganisationType type : OrganisationType.values()) {
			if (type.name().equals(value)) {
				return type;
			}
		}
		return null;
	}

	private static String firstNonBlank(@Nullable String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		throw new IllegalArgumentException("token has no subject");
	}

}
