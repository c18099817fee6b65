package io.parley.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * CSRF for a single-page app that reads the token from the {@code XSRF-TOKEN} cookie (Spring Security
 * reference, "Single-Page Applications", reactive flavour).
 * <p>
 * The SPA sends the cookie's raw value, in the {@code X-XSRF-TOKEN} header for XHR or the {@code _csrf}
 * field of the logout form. A raw value is accepted as is. Anything else is treated as a BREACH-masked value
 * (the form a server-rendered page would carry) and unmasked first; {@link #handle} keeps exposing the masked
 * form, so nothing rendered into a compressed body ever carries the raw token.
 */
final class SpaCsrfTokenRequestHandler implements ServerCsrfTokenRequestHandler {

	private final ServerCsrfTokenRequestHandler plain = new ServerCsrfTokenRequestAttributeHandler();

	private final ServerCsrfTokenRequestHandler xor = new XorServerCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(ServerWebExchange exchange, Mono<CsrfToken> csrfToken) {
		this.xor.handle(exchange, csrfToken);
	}

	@Override
	public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken csrfToken) {
		// header first, then the form field: the default resolution order of the plain handler
		return this.plain.resolveCsrfTokenValue(exchange, csrfToken)
			.flatMap((candidate) -> isRaw(candidate, csrfToken) ? Mono.just(candidate)
					: this.xor.resolveCsrfTokenValue(exchange, csrfToken));
	}

	private static boolean isRaw(String candidate, CsrfToken expected) {
		// constant time: this comparison must not leak how much of a guess was right
		return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
				expected.getToken().getBytes(StandardCharsets.UTF_8));
	}

}
