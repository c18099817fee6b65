package io.parley.gateway.security;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** The deferred CSRF token is resolved (and so its cookie written) only when the browser has no token cookie yet. */
class CsrfCookieWebFilterTests {

	private final AtomicInteger resolved = new AtomicInteger();

	private final AtomicInteger forwarded = new AtomicInteger();

	private final WebFilterChain chain = (exchange) -> Mono.fromRunnable(this.forwarded::incrementAndGet);

	@Test
	void givenNoTokenCookie_whenRequest_thenTokenResolvedSoItsCookieIsSet() {
		new CsrfCookieWebFilter().filter(exchange(MockServerHttpRequest.get("/")), this.chain).block();

		assertThat(this.resolved).hasValue(1);
		assertThat(this.forwarded).hasValue(1);
	}

	@Test
	void givenEmptyTokenCookie_whenRequest_thenTokenResolvedAsWithout() {
		new CsrfCookieWebFilter().filter(exchange(MockServerHttpRequest.get("/").cookie(
				new HttpCookie("XSRF-TOKEN", ""))), this.chain).block();

		assertThat(this.resolved).hasValue(1);
	}

	@Test
	void givenTokenCookie_whenRequest_thenTokenNotResolvedAgain() {
		new CsrfCookieWebFilter().filter(exchange(MockServerHttpRequest.get("/api/identity/me").cookie(
				new HttpCookie("XSRF-TOKEN", "a-token"))), this.chain).block();

		assertThat(this.resolved).hasValue(0);
		assertThat(this.forwarded).hasValue(1);
	}

	private MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		Mono<CsrfToken> token = Mono.fromSupplier(() -> {
			this.resolved.incrementAndGet();
			return new DefaultCsrfToken("X-XSRF-TOKEN", "_csrf", "a-token");
		});
		exchange.getAttributes().put(CsrfToken.class.getName(), token);
		return exchange;
	}

}
