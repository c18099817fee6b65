package io.parley.platform.security;

import io.parley.platform.problem.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Whose "what we owe" list a caller asks for (ADR 0044): their own ({@code mine}, the default) or, for an
 * organisation admin, their whole organisation's ({@code organisation}). There is no parameter naming an
 * organisation: an admin only ever gets their own, so another organisation's list cannot even be asked for.
 */
public final class OwedScope {

	public static final String MINE = "mine";

	public static final String ORGANISATION = "organisation";

	private OwedScope() {
	}

	/**
	 * @param scope the request's {@code scope} parameter
	 * @return the organisation whose whole list the caller asked for and may see, or null for their own list
	 */
	public static @Nullable String organisation(Caller caller, @Nullable String scope) {
		if (scope == null || scope.isBlank() || MINE.equals(scope)) {
			return null;
		}
		if (!ORGANISATION.equals(scope)) {
			throw Problem.invalid("scope: either " + MINE + " (what you owe, the default) or " + ORGANISATION
					+ " (everything your organisation owes, for its administrators).");
		}
		if (!caller.hasRole(Caller.ORG_ADMIN) || caller.organisation() == null || caller.isMachine()) {
			throw Problem.forbidden("Only your organisation's administrators see everything it owes. Leave out "
					+ "scope=organisation to see what you owe yourself.");
		}
		return caller.organisation();
	}

}
