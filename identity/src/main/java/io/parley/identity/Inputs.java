package io.parley.identity;

/**
 * What identity accepts as names, e-mails, domains and organisation ids. Stricter than the RFCs on purpose: these
 * values end up in Keycloak's user profile (whose validators refuse {@code <>&"$%!#?§;*~/\,=} in person names), in
 * e-mails and on every page of the portal.
 */
public final class Inputs {

	/** Lower-case slug; also the {@code org} claim in tokens (at most 64 characters in the realm's user profile). */
	public static final String ORGANISATION_ID = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

	/** Letters (any script, with their combining marks), spaces, apostrophes, hyphens and dots. */
	public static final String PERSON_NAME = "^[\\p{L}\\p{M}](?:[\\p{L}\\p{M} .'’-]*[\\p{L}\\p{M}.])?$";

	public static final int PERSON_NAME_MAX = 100;

	/** Like a person name, plus digits, {@code &}, commas and parentheses. */
	public static final String ORGANISATION_NAME = "^[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N} &.,'’()-]*[\\p{L}\\p{M}\\p{N}.)])?$";

	public static final int ORGANISATION_NAME_MAX = 100;

	/** An API client's name, e.g. {@code release-pipeline (prod)}: like an organisation's, plus {@code _ / :}. */
	public static final String API_CLIENT_NAME = "^[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N} &.,'’()_/:-]*[\\p{L}\\p{M}\\p{N}.)])?$";

	public static final int API_CLIENT_NAME_MAX = 100;

	/** The {@code client_id} identity gives an API client: {@code api-<organisation>-<10 random characters>}. */
	public static final String API_CLIENT_ID = "^api-[a-z0-9-]{1,90}$";

	/** An ASCII mailbox: dot-atom local part, a domain of letter/digit/hyphen labels and a letters-only TLD. */
	public static final String EMAIL = "^[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";

	public static final int EMAIL_MAX = 254;

	public static final String DOMAIN = "^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";

	public static final int DOMAIN_MAX = 253;

	private Inputs() {
	}

}
