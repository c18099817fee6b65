package io.parley.platform.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A rule of a service refused the request. Thrown anywhere below a controller, it leaves the service as RFC 9457
 * problem details: platform's handler renders every {@link ErrorResponseException}. The {@code type} slugs are a
 * contract for clients (each service lists its own in its ADR or docs page): add new ones, never change what an
 * existing one means. The {@code detail} is written for the person who sent the request: what was refused and what
 * they can do about it.
 */
public final class Problem extends ErrorResponseException {

	private Problem(HttpStatus status, URI type, String title, String detail) {
		super(status, detail(status, type, title, detail), null);
	}

	private static ProblemDetail detail(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	public static Problem of(HttpStatus status, URI type, String title, String detail) {
		return new Problem(status, type, title, detail);
	}

	public static Problem of(HttpStatus status, String slug, String title, String detail) {
		return new Problem(status, ProblemTypes.of(slug), title, detail);
	}

	/** For what the caller may not know exists: the same answer whether it exists or not. */
	public static Problem notFound(String what) {
		return new Problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not Found", "No such " + what + ".");
	}

	/** The caller may know the thing exists, but not do this with it; {@code detail} says who may. */
	public static Problem forbidden(String detail) {
		return new Problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
	}

	/** The request itself is malformed or incomplete; {@code detail} says which field and what is expected. */
	public static Problem invalid(String detail) {
		return new Problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Bad Request", detail);
	}

	/** The current state does not allow it; {@code slug} names the condition. */
	public static Problem conflict(String slug, String title, String detail) {
		return of(HttpStatus.CONFLICT, slug, title, detail);
	}

	/** Well-formed, but a rule refuses it; {@code slug} names the rule. */
	public static Problem unprocessable(String slug, String title, String detail) {
		return of(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
	}

}
