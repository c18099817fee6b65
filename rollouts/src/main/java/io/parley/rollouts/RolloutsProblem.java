package io.parley.rollouts;

import java.net.URI;

import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A rule of rollouts refused the request; leaves the service as RFC 9457 problem details. The {@code type} slugs
 * are a contract for clients (listed in {@code docs/rollouts.md}): add new ones, never change what one means.
 */
public final class RolloutsProblem extends ErrorResponseException {

	private RolloutsProblem(HttpStatus status, URI type, String title, String detail) {
		super(status, problem(status, type, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	/** For what the caller may not know exists: the same answer whether it exists or not. */
	public static RolloutsProblem notFound(String what) {
		return new RolloutsProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not Found", "No such " + what + ".");
	}

	/** The caller may know the thing exists, but not do this with it; {@code detail} says who may. */
	public static RolloutsProblem forbidden(String detail) {
		return new RolloutsProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
	}

	public static RolloutsProblem invalid(String detail) {
		return new RolloutsProblem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Bad Request", detail);
	}

	public static RolloutsProblem conflict(String slug, String title, String detail) {
		return new RolloutsProblem(HttpStatus.CONFLICT, ProblemTypes.of(slug), title, detail);
	}

	/** Well-formed, but a rule refuses it; {@code slug} names the rule. */
	public static RolloutsProblem unprocessable(String slug, String title, String detail) {
		return new RolloutsProblem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of(slug), title, detail);
	}

}
