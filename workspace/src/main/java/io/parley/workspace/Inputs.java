package io.parley.workspace;

/**
 * What workspace accepts as names, purposes and organisation ids. These values are shown on every page of the
 * portal and go into events, so they are stricter than they need to be for storage.
 */
public final class Inputs {

	/** Letters, digits, marks, spaces and a little punctuation; starts with a letter or digit. */
	public static final String WORKSPACE_NAME = "^[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N} &.,:'’()/+_-]*[\\p{L}\\p{M}\\p{N}.)])?$";

	public static final int WORKSPACE_NAME_MAX = 100;

	/** Free text without control or format characters (bidi overrides, zero-width), except line breaks. */
	public static final String PURPOSE = "^[\\P{C}\\n]*$";

	public static final int PURPOSE_MAX = 2000;

	/** Identity's organisation id: a lower-case slug, the {@code org} claim of tokens. */
	public static final String ORGANISATION_ID = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

	private Inputs() {
	}

}
