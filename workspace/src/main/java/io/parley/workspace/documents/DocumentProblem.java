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

	static final URI EMBARGO_NOT_WIDER = ProblemTypes.of("embargo-not-wider");

	static final URI EMBARGO_IN_PAST = ProblemTypes.of("embargo-in-past");

	static final URI EMBARGO_PENDING = ProblemTypes.of("embargo-pending");

	static final URI NO_EMBARGO = ProblemTypes.of("no-embargo");

	static final URI EMBARGO_ENDED = ProblemTypes.of("embargo-ended");

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

	/** An embargo whose end would not only widen who can see the document (ADR 0042); the detail says why. */
	static Problem embargoNotWider(String detail) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, EMBARGO_NOT_WIDER, detail);
	}

	static Problem embargoInPast(String detail) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, EMBARGO_IN_PAST, detail);
	}

	/** The label cannot change by hand while an embargo holds it. */
	static Problem embargoPending(String detail) {
		return problem(HttpStatus.CONFLICT, EMBARGO_PENDING, detail);
	}

	static Problem noEmbargo() {
		return problem(HttpStatus.CONFLICT, NO_EMBARGO,
				"This document has no embargo to change or cancel; it may have ended already. Reload the document.");
	}

	/** The embargo's time has come: its end is being applied and can no longer be moved or cancelled. */
	static Problem embargoEnded(String detail) {
		return problem(HttpStatus.CONFLICT, EMBARGO_ENDED, detail);
	}

	/** Stored bytes no longer match their recorded SHA-256: never served. */
	static Problem integrity() {
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, INTEGRITY,
				"The stored content failed its integrity check and is not served. The error has been logged.");
	}

}
