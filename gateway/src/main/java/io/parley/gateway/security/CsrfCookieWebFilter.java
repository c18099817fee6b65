package io.parley.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The CSRF token is deferred: without a subscriber it is never generated, and the {@code XSRF-TOKEN} cookie
 * would only appear after the first rejected POST. Subscribing here makes the very first GET (the page load)
 * carry the cookie, so the SPA can send its first state-changing request.
 * <p>
 * A request that already carries a non-empty {@code XSRF-TOKEN} cookie has nothing to gain from it: the repository
 * would load that very value and set no cookie, and subscribing would only mask the token for the request attribute
 * (random bytes and an XOR, per request) that nobody reads on a proxied call. So such requests skip it (issue 14). The
 * check itself is not here: {@code CsrfWebFilter} loads and compares the token on every unsafe request whether or
 * not this filter subscribed.
 */
final class CsrfCookieWebFilter implements WebFilter {

	/** The name {@code CookieServerCsrfTokenRepository} uses by default (SecurityConfiguration keeps it). */
	static final String COOKIE = "XSRF-TOKEN";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<CsrfToken> csrfToken = exchange.getAttribute(CsrfToken.class.getName());
		if (csrfToken == null || hasTokenCookie(exchange)) {
			return chain.filter(exchange);
		}
		return csrfToken.then(chain.filter(exchange));
	}

	private static boolean hasTokenCookie(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		return cookie != null && !cookie.getValue().isEmpty();
	}

}
