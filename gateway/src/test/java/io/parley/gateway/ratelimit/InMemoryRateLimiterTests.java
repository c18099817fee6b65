package io.parley.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimiterTests {

	final MutableClock clock = new MutableClock();

	// 10 requests a second sustained, 5 at once
	final InMemoryRateLimiter limiter = new InMemoryRateLimiter(10, 5, this.clock);

	@Test
	void givenNormalPace_whenRequestsKeepComing_thenNoneRefused() {
		for (int i = 0; i < 100; i++) {
			assertThat(allowed("session:a")).as("request %d", i).isTrue();
			this.clock.advance(Duration.ofMillis(100));
		}
	}

	@Test
	void givenBurstOverCapacity_whenRequestsArriveAtOnce_thenTheBurstPassesAndTheRestIsRefused() {
		for (int i = 0; i < 5; i++) {
			assertThat(allowed("session:a")).isTrue();
		}
		assertThat(allowed("session:a")).isFalse();
		assertThat(allowed("session:a")).isFalse();

		// one token back after 1/10 s: one request, not two
		this.clock.advance(Duration.ofMillis(100));
		assertThat(allowed("session:a")).isTrue();
		assertThat(allowed("session:a")).isFalse();
	}

	@Test
	void givenOneKeyExhausted_whenAnotherKeyAsks_thenItHasItsOwnBucket() {
		for (int i = 0; i < 5; i++) {
			allowed("session:a");
		}
		assertThat(allowed("session:a")).isFalse();
		assertThat(allowed("address:192.0.2.1")).isTrue();
	}

	@Test
	void givenManyIdleKeys_whenTheirBucketsRefilled_thenTheyAreSweptOut() {
		for (int i = 0; i <= InMemoryRateLimiter.SWEEP_THRESHOLD; i++) {
			allowed("address:" + i);
		}
		this.clock.advance(Duration.ofSeconds(1));

		allowed("session:new");

		assertThat(this.limiter.size()).isEqualTo(1);
	}

	private boolean allowed(String key) {
		return this.limiter.isAllowed(ApiRateLimitFilter.BUCKET, key).block().isAllowed();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
