package io.parley.identity.person;

import java.util.Set;

/** A person's role in their organisation, and the realm roles it stands for in Keycloak. */
public enum Role {

	MEMBER(Set.of("member")), ORG_ADMIN(Set.of("member", "org-admin"));

	/** The realm roles identity manages; any other (portal-admin, auditor) is given by hand and left alone. */
	public static final Set<String> MANAGED_REALM_ROLES = Set.of("member", "org-admin");

	private final Set<String> realmRoles;

	Role(Set<String> realmRoles) {
		this.realmRoles = realmRoles;
	}

	public Set<String> realmRoles() {
		return this.realmRoles;
	}

	/** The wire name in events and the API: {@code member}, {@code org-admin}. */
	public String wireName() {
		return (this == ORG_ADMIN) ? "org-admin" : "member";
	}

}
