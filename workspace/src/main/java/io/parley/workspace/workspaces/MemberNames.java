package io.parley.workspace.workspaces;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What workspace knows of people from identity (the {@code people} projection): display names, and the organisation
 * each belongs to. Absent ids are unknown.
 */
public interface MemberNames {

	Map<String, String> namesOf(Collection<String> personIds);

	/**
	 * The organisation identity says the person belongs to (from {@code MemberJoined}, or the {@code org} claim of
	 * the person's own token, which identity sets in Keycloak). Never what a request claims (ADR 0027).
	 */
	Optional<String> organisationOf(String personId);

}
