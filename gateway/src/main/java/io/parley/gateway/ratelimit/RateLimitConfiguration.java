package io.parley.gateway.ratelimit;

import java.time.Clock;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	ApiRateLimitFilter apiRateLimitFilter(RateLimiter<?> limiter, RateLimitProperties properties) {
		return new ApiRateLimitFilter(limiter, properties);
	}

	/** One instance: the budget lives in this JVM (see InMemoryRateLimiter for why not with several). */
	@Bean
	@Profile("!redis")
	InMemoryRateLimiter inMemoryRateLimiter(RateLimitProperties properties) {
		return new InMemoryRateLimiter(properties.replenishRate(), properties.burstCapacity(), Clock.systemUTC());
	}

	/**
	 * Several instances share the budget in Redis (Spring Cloud Gateway's Lua token bucket, one atomic script
	 * call per request). It takes the Redis template and script from the context; if Redis fails it lets
	 * requests through and logs, so a Redis outage does not take the API down with it.
	 */
	@Bean
	@Profile("redis")
	RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
		return new RedisRateLimiter(properties.replenishRate(), properties.burstCapacity());
	}

}
