package io.parley.gateway.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

/**
 * A token bucket per key, in this instance's memory: right for one gateway; with several, each would grant
 * the full budget, which is why the {@code redis} profile replaces it with Spring Cloud Gateway's
 * {@code RedisRateLimiter} (the same algorithm, shared).
 * <p>
 * Buckets refill lazily on use, so there is no timer. A bucket that has refilled completely carries no
 * information any more; such buckets are dropped once the map grows, so memory stays bounded by the number of
 * keys active within one refill period rather than by every address ever seen.
 */
final class InMemoryRateLimiter implements RateLimiter<Object> {

	/** Above this many keys, full buckets are swept out before a new one is added. */
	static final int SWEEP_THRESHOLD = 10_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double replenishPerNano;

	private final int capacity;

	private final Clock clock;

	InMemoryRateLimiter(int replenishRate, int burstCapacity, Clock clock) {
		this.replenishPerNano = replenishRate / 1_000_000_000.0;
		this.capacity = burstCapacity;
		this.clock = clock;
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String id) {
		long now = nanos();
		if (this.buckets.size() > SWEEP_THRESHOLD) {
			this.buckets.values().removeIf((bucket) -> bucket.isFull(now));
		}
		Bucket bucket = this.buckets.computeIfAbsent(id, (key) -> new Bucket(now));
		long remaining = bucket.tryTake(now);
		return Mono.just(new Response(remaining >= 0, Map.of("X-RateLimit-Remaining", String.valueOf(Math.max(0, remaining)))));
	}

	int size() {
		return this.buckets.size();
	}

	private long nanos() {
		// Clock rather than System.nanoTime so a test can move time; millisecond resolution is plenty here
		return this.clock.millis() * 1_000_000L;
	}

	@Override
	public Map<String, Object> getConfig() {
		return Map.of();
	}

	@Override
	public Class<Object> getConfigClass() {
		return Object.class;
	}

	@Override
	public Object newConfig() {
		return new Object();
	}

	private final class Bucket {

		private double tokens = InMemoryRateLimiter.this.capacity;

		private long updatedAt;

		Bucket(long now) {
			this.updatedAt = now;
		}

		/** Tokens left after taking one, or -1 when there was none to take. */
		synchronized long tryTake(long now) {
			refill(now);
			if (this.tokens < 1) {
				return -1;
			}
			this.tokens -= 1;
			return (long) this.tokens;
		}

		synchronized boolean isFull(long now) {
			refill(now);
			return this.tokens >= InMemoryRateLimiter.this.capacity;
		}

		private void refill(long now) {
			long elapsed = Math.max(0, now - this.updatedAt);
			this.tokens = Math.min(InMemoryRateLimiter.this.capacity,
					this.tokens + elapsed * InMemoryRateLimiter.this.replenishPerNano);
			this.updatedAt = now;
		}

	}

}
