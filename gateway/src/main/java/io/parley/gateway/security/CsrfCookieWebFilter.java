package io.parley.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The CSRF token is deferred: without a subscriber it is never generated, and the {@code XSRF-TOKEN} cookie
 * would only appear after the first rejected POST. Subscribing here makes the very first GET (the page load)
 * carry the cookie, so the SPA can send its first state-changing request.
 */
final class CsrfCookieWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<CsrfToken> csrfToken = exchange.getAttribute(CsrfToken.class.getName());
		if (csrfToken == null) {
			return chain.filter(exchange);
		}
		return csrfToken.then(chain.filter(exchange));
	}

}
