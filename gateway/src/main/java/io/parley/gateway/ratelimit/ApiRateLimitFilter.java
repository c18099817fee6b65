package io.parley.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import io.parley.gateway.security.ProblemResponses;

/**
 * Spends one token per routed {@code /api/**} request; without one the request is not forwarded and gets
 * {@code 429} with a problem body and {@code Retry-After}. A server-sent events connection is one request,
 * however long it lives, so it costs one token per (re)connect and nothing per event.
 * <p>
 * Keyed by session for signed-in people (one person's runaway tab does not starve another's), by client id for
 * organisations' API clients (bearer tokens, ADR 0030: one pipeline does not starve another), by remote address
 * otherwise: the invitation acceptance is the only anonymous route, and that is where guessing would
 * happen. Requests Spring Security refuses before routing (401, CSRF 403) never get here and cost nothing.
 * <p>
 * Runs before the token relay, so a refused request never makes the gateway refresh a token at Keycloak.
 * Stock {@code RequestRateLimiter=} is not used because it answers with an empty body; the SPA expects RFC 9457.
 */
final class ApiRateLimitFilter implements GlobalFilter, Ordered {

	/** One bucket per client across all routes: the limit is on the person, not on one service. */
	static final String BUCKET = "api";

	private final RateLimiter<?> limiter;

	private final RateLimitProperties properties;

	ApiRateLimitFilter(RateLimiter<?> limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		// before every route filter (default filters are ordered 1, 2, ...) and the routing filters
		return -100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!this.properties.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		return key(exchange).flatMap((key) -> this.limiter.isAllowed(BUCKET, key)).flatMap((response) -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			response.getHeaders().forEach(headers::set);
			if (response.isAllowed()) {
				return chain.filter(exchange);
			}
			headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.retryAfterSeconds()));
			return ProblemResponses.rateLimited(exchange);
		});
	}

	private static Mono<String> key(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter((principal) -> principal instanceof Authentication authentication && authentication.isAuthenticated()
					&& !(principal instanceof AnonymousAuthenticationToken))
			.flatMap((principal) -> (principal instanceof JwtAuthenticationToken)
					// an organisation's API client (bearer token, no session): its client id, the same for every
					// token it gets, so a fresh token is not a fresh budget
					? Mono.just("client:" + principal.getName()) : sessionKey(exchange))
			.switchIfEmpty(Mono.fromSupplier(() -> "address:" + remoteAddress(exchange)));
	}

	private static Mono<String> sessionKey(ServerWebExchange exchange) {
		return exchange.getSession()
			// hashed: the key lands in Redis and maybe in logs, and a session id is a credential
			.map((session) -> "session:" + sha256(session.getId()));
	}

	/** After server.forward-headers-strategy=framework: the client's address as the proxy reports it. */
	private static String remoteAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
