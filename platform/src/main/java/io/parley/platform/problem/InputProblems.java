package io.parley.platform.problem;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.validation.method.ParameterErrors;

/**
 * Invalid input as {@code urn:parley:problem:invalid-request} with the offending fields named. Spring's defaults
 * would answer {@code about:blank} and say only "Invalid request content"; this advice runs before platform's.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InputProblems {

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException ex) {
		String detail = Stream
			.concat(ex.getBindingResult().getFieldErrors().stream().map(InputProblems::describe),
					ex.getBindingResult().getGlobalErrors().stream().map((error) -> error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		return invalid(detail);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException ex) {
		// with constraints on path variables, Spring validates the whole method, and a @Valid body's field
		// errors arrive here as ParameterErrors instead of a MethodArgumentNotValidException
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> (result instanceof ParameterErrors errors)
					? errors.getFieldErrors().stream().map(InputProblems::describe)
					: result.getResolvableErrors()
						.stream()
						.map((error) -> result.getMethodParameter().getParameterName() + ": "
								+ error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		return invalid(detail);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException ex) {
		return invalid(ex.getName() + ": not a valid value");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		// the parser's message may echo input back; a fixed text is enough to fix a client
		return invalid("The request body is not valid JSON of the expected shape.");
	}

	private static String describe(FieldError error) {
		return error.getField() + ": " + error.getDefaultMessage();
	}

	private static ResponseEntity<ProblemDetail> invalid(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(ProblemTypes.INVALID_REQUEST);
		problem.setTitle("Bad Request");
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
