package io.parley.identity;

import java.util.UUID;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;

/**
 * Who may manage what in identity. The roles come from the token; the token is Keycloak's word, and identity is
 * what sets those roles there. Whether the person is still allowed in at all (not offboarded) is checked for
 * every request by platform's {@code AccessEndedFilter}, asking {@code person.People}.
 */
public final class Access {

	private Access() {
	}

	public static UUID idOf(Caller caller) {
		try {
			return UUID.fromString(caller.id());
		}
		catch (IllegalArgumentException ex) {
			throw Problem.forbidden("Your account is not a Parley person.");
		}
	}

	public static boolean portalAdmin(Caller caller) {
		return caller.hasRole(Caller.PORTAL_ADMIN);
	}

	public static boolean memberOf(Caller caller, String organisationId) {
		return organisationId.equals(caller.organisation());
	}

	/** Portal admins manage every organisation's people, org admins their own organisation's. */
	public static boolean manages(Caller caller, String organisationId) {
		return portalAdmin(caller) || (caller.hasRole(Caller.ORG_ADMIN) && memberOf(caller, organisationId));
	}

}
