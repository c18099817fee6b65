package io.parley.workspace.documents;

import java.net.URI;

import io.parley.platform.problem.Problem;
import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * The documents' own refusals as RFC 9457 problems (the not-found/forbidden/conflict ones come from
 * {@link Problem}). The {@code type} slugs are listed in ADR 0011.
 */
final class DocumentProblem {

	static final URI PAYLOAD_TOO_LARGE = ProblemTypes.of("payload-too-large");

	static final URI UNSUPPORTED_MEDIA_TYPE = ProblemTypes.of("media-type-mismatch");

	static final URI ABOVE_CEILING = ProblemTypes.of("label-above-ceiling");

	static final URI AUDIENCE_TOO_WIDE = ProblemTypes.of("audience-too-wide");

	static final URI NOT_DOWNLOADABLE = ProblemTypes.of("not-downloadable");

	static final URI INTEGRITY = ProblemTypes.of("integrity-failure");

	private DocumentProblem() {
	}

	private static Problem problem(HttpStatus status, URI type, String detail) {
		return Problem.of(status, type, status.getReasonPhrase(), detail);
	}

	static Problem invalid(String detail) {
		return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
	}

	static Problem tooLarge(String detail) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, PAYLOAD_TOO_LARGE, detail);
	}

	static Problem mediaTypeMismatch(String detail) {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE, detail);
	}

	static Problem aboveCeiling(String detail) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, ABOVE_CEILING, detail);
	}

	/** A copy's target workspace reaches people its label does not allow (ADR 0017); the detail says who. */
	static Problem audienceTooWide(String detail) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, AUDIENCE_TOO_WIDE, detail);
	}

	/** The version exists and the caller may see it, but its content is not released (pending, quarantined). */
	static Problem notDownloadable(String detail) {
		return problem(HttpStatus.CONFLICT, NOT_DOWNLOADABLE, detail);
	}

	/** Stored bytes no longer match their recorded SHA-256: never served. */
	static Problem integrity() {
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, INTEGRITY,
				"The stored content failed its integrity check and is not served. The error has been logged.");
	}

}
