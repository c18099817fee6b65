package io.parley.workspace;

import java.net.URI;

import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A rule of workspace refused the request; leaves the service as RFC 9457 problem details. The {@code type} slugs
 * are a contract for clients (ADR 0008): add new ones, never change what an existing one means.
 */
public final class WorkspaceProblem extends ErrorResponseException {

	private WorkspaceProblem(HttpStatus status, URI type, String title, String detail) {
		super(status, problem(status, type, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	/** For what the caller may not know exists: the same answer whether it exists or not. */
	public static WorkspaceProblem notFound(String what) {
		return new WorkspaceProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not Found", "No such " + what + ".");
	}

	/** The caller may know the thing exists, but not do this with it. */
	public static WorkspaceProblem forbidden(String detail) {
		return new WorkspaceProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
	}

	public static WorkspaceProblem conflict(String slug, String title, String detail) {
		return new WorkspaceProblem(HttpStatus.CONFLICT, ProblemTypes.of(slug), title, detail);
	}

	/** Well-formed, but a rule of workspace refuses it; {@code slug} names the rule. */
	public static WorkspaceProblem unprocessable(String slug, String title, String detail) {
		return new WorkspaceProblem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of(slug), title, detail);
	}

}
