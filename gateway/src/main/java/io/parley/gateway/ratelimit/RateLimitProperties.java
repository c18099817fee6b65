package io.parley.gateway.ratelimit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled off only for load tests that measure the services rather than the gateway
 * @param replenishRate requests per second a session (or anonymous address) may make in the long run
 * @param burstCapacity requests it may make at once after a quiet spell (a page load fans out into several)
 */
@Validated
@ConfigurationProperties("parley.gateway.rate-limit")
record RateLimitProperties(boolean enabled, @Min(1) int replenishRate, @Min(1) int burstCapacity) {

	/** Whole seconds until one more request is allowed, rounded up: what {@code Retry-After} can say. */
	long retryAfterSeconds() {
		return Math.max(1, (long) Math.ceil(1.0 / this.replenishRate));
	}

}
