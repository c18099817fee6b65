package io.parley.platform.problem;

import java.net.URI;

/**
 * Stable identifiers of the problems Parley services report (RFC 9457 {@code type}). They are names, not links:
 * clients branch on them, so an existing one never changes meaning.
 */
public final class ProblemTypes {

	public static final URI UNAUTHENTICATED = of("unauthenticated");

	public static final URI FORBIDDEN = of("forbidden");

	public static final URI NOT_FOUND = of("not-found");

	public static final URI INVALID_REQUEST = of("invalid-request");

	public static final URI INTERNAL = of("internal-error");

	private ProblemTypes() {
	}

	public static URI of(String slug) {
		return URI.create("urn:parley:problem:" + slug);
	}

}
