package io.parley.gateway.routing;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The service's instance, or the load balancer in front of it, closed the connection before any answer: a 502, and
 * for reads a reason to ask once more (the {@code Retry} filter in application.yml names this class, ADR 0038).
 */
public class InstanceGaveNoAnswer extends ResponseStatusException {

	InstanceGaveNoAnswer(Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "The service closed the connection without answering; try again.", cause);
	}

}
