package io.parley.rollouts.releases;

import java.util.Map;

import io.parley.platform.problem.ProblemTypes;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The release's own refusals as RFC 9457 problems: a move its state does not allow is a 409 with the current
 * {@code state} as an extension member (the web client shows it next to the reason), input its rules refuse a 400
 * or a 422 listing every problem.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReleaseProblems {

	private static final Map<String, String> TITLES = Map.of("illegal-transition", "Not possible in this state",
			"advance-blocked", "The ring cannot be left yet", "start-blocked", "The release cannot start yet",
			"ring-not-current", "Not the current ring", "report-out-of-order", "Report out of order", "not-in-ring",
			"No ring in progress");

	@ExceptionHandler(ReleaseConflict.class)
	ResponseEntity<ProblemDetail> conflict(ReleaseConflict ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(ProblemTypes.of(ex.slug()));
		problem.setTitle(TITLES.getOrDefault(ex.slug(), "Conflict"));
		problem.setProperty("state", ex.state().name());
		return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(InvalidRelease.class)
	ResponseEntity<ProblemDetail> invalid(InvalidRelease ex) {
		HttpStatus status = ex.unprocessable() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, String.join("; ", ex.problems()) + ".");
		problem.setType(ex.unprocessable() ? ProblemTypes.of("plan-refused") : ProblemTypes.INVALID_REQUEST);
		problem.setTitle(ex.unprocessable() ? "Refused by the rollout rules" : "Bad Request");
		problem.setProperty("problems", ex.problems());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
