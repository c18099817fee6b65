package io.parley.identity;

import java.net.URI;

import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A rule of identity refused the request; leaves the service as RFC 9457 problem details (platform's handler
 * renders every {@link ErrorResponseException}). The {@code type} slugs are a contract for clients, listed in ADR
 * 0006: add new ones, never change what an existing one means.
 */
public final class IdentityProblem extends ErrorResponseException {

	private IdentityProblem(HttpStatus status, URI type, String title, String detail) {
		super(status, problem(status, type, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	public static IdentityProblem of(HttpStatus status, String slug, String title, String detail) {
		return new IdentityProblem(status, ProblemTypes.of(slug), title, detail);
	}

	/** For what the caller may not know exists: the same answer whether it exists or not. */
	public static IdentityProblem notFound(String what) {
		return new IdentityProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not Found", "No such " + what + ".");
	}

	/** The caller may know the thing exists, but not do this with it. */
	public static IdentityProblem forbidden(String detail) {
		return new IdentityProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
	}

	public static IdentityProblem invalid(String detail) {
		return new IdentityProblem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Bad Request", detail);
	}

	public static IdentityProblem conflict(String slug, String title, String detail) {
		return of(HttpStatus.CONFLICT, slug, title, detail);
	}

	public static IdentityProblem keycloakUnavailable() {
		return of(HttpStatus.SERVICE_UNAVAILABLE, "keycloak-unavailable", "Identity provider unavailable",
				"Keycloak could not complete the change; nothing was recorded. Try again shortly.");
	}

}
