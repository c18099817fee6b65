package io.parley.platform.events;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/deadletters}: GET shows what waits in the dead-letter queue, POST (optionally
 * {@code {"max": n}}) moves messages back to the main queue once the cause is fixed. Not exposed over HTTP
 * unless a service adds it to {@code management.endpoints.web.exposure.include}; it then sits behind that
 * service's security like any other actuator endpoint but health and metrics.
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

	private static final int DEFAULT_MAX = 1000;

	private final DeadLetters deadLetters;

	DeadLettersEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@ReadOperation
	public Map<String, Object> deadLetters() {
		return Map.of("queue", this.deadLetters.queue(), "deadLetterQueue", this.deadLetters.deadLetterQueue(),
				"messages", this.deadLetters.count());
	}

	@WriteOperation
	public Map<String, Object> replay(@Nullable Integer max) {
		int replayed = this.deadLetters.replay((max != null) ? max : DEFAULT_MAX);
		return Map.of("replayed", replayed, "remaining", this.deadLetters.count());
	}

}
