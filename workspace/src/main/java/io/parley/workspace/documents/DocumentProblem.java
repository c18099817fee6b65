package io.parley.workspace.documents;

import java.net.URI;

import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The documents' own refusals as RFC 9457 problems (the not-found/forbidden/conflict ones come from
 * {@link io.parley.workspace.WorkspaceProblem}). The {@code type} slugs are listed in ADR 0011.
 */
final class DocumentProblem extends ErrorResponseException {

	static final URI PAYLOAD_TOO_LARGE = ProblemTypes.of("payload-too-large");

	static final URI UNSUPPORTED_MEDIA_TYPE = ProblemTypes.of("media-type-mismatch");

	static final URI ABOVE_CEILING = ProblemTypes.of("label-above-ceiling");

	static final URI AUDIENCE_TOO_WIDE = ProblemTypes.of("audience-too-wide");

	static final URI NOT_DOWNLOADABLE = ProblemTypes.of("not-downloadable");

	static final URI INTEGRITY = ProblemTypes.of("integrity-failure");

	private DocumentProblem(HttpStatus status, URI type, String detail) {
		super(status, problem(status, type, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	static DocumentProblem invalid(String detail) {
		return new DocumentProblem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
	}

	static DocumentProblem tooLarge(String detail) {
		return new DocumentProblem(HttpStatus.CONTENT_TOO_LARGE, PAYLOAD_TOO_LARGE, detail);
	}

	static DocumentProblem mediaTypeMismatch(String detail) {
		return new DocumentProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE, detail);
	}

	static DocumentProblem aboveCeiling(String detail) {
		return new DocumentProblem(HttpStatus.UNPROCESSABLE_CONTENT, ABOVE_CEILING, detail);
	}

	/** A copy's target workspace reaches people its label does not allow (ADR 0017); the detail says who. */
	static DocumentProblem audienceTooWide(String detail) {
		return new DocumentProblem(HttpStatus.UNPROCESSABLE_CONTENT, AUDIENCE_TOO_WIDE, detail);
	}

	/** The version exists and the caller may see it, but its content is not released (pending, quarantined). */
	static DocumentProblem notDownloadable(String detail) {
		return new DocumentProblem(HttpStatus.CONFLICT, NOT_DOWNLOADABLE, detail);
	}

	/** Stored bytes no longer match their recorded SHA-256: never served. */
	static DocumentProblem integrity() {
		return new DocumentProblem(HttpStatus.INTERNAL_SERVER_ERROR, INTEGRITY,
				"The stored content failed its integrity check and is not served. The error has been logged.");
	}

}
