package io.parley.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AuthorizationRequestCookieRepositoryTests {

	static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	static final Duration TTL = Duration.ofMinutes(10);

	final SecretKey key = SecurityConfiguration.cookieKey(null, false);

	final AuthorizationRequestCookieRepository repository = repository(this.key, NOW);

	@Test
	void givenSavedRequest_whenCallbackCarriesTheCookie_thenTheSameRequestIsLoaded() {
		OAuth2AuthorizationRequest saved = request();

		OAuth2AuthorizationRequest loaded = this.repository.loadAuthorizationRequest(callback(save(saved))).block();

		assertThat(loaded).isNotNull();
		assertThat(loaded.getState()).isEqualTo(saved.getState());
		assertThat(loaded.getAuthorizationUri()).isEqualTo(saved.getAuthorizationUri());
		assertThat(loaded.getClientId()).isEqualTo(saved.getClientId());
		assertThat(loaded.getRedirectUri()).isEqualTo(saved.getRedirectUri());
		assertThat(loaded.getScopes()).isEqualTo(saved.getScopes());
		assertThat(loaded.getAttributes()).isEqualTo(saved.getAttributes());
		assertThat(loaded.getAdditionalParameters()).isEqualTo(saved.getAdditionalParameters());
		assertThat(loaded.getAuthorizationRequestUri()).isEqualTo(saved.getAuthorizationRequestUri());
	}

	@Test
	void whenSaved_thenNoSecretReadableInTheCookieAndItFitsABrowsersLimit() {
		ResponseCookie cookie = save(request());

		assertThat(cookie.getValue()).doesNotContain("verifier-").doesNotContain("nonce-").doesNotContain("state-");
		String decoded = new String(Base64.getUrlDecoder().decode(cookie.getValue()), java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(decoded).doesNotContain("verifier-").doesNotContain("state-");
		// browsers keep cookies up to 4096 bytes, name and attributes included
		assertThat(cookie.toString().length()).isLessThan(4096);
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getMaxAge()).isEqualTo(TTL);
	}

	@Test
	void givenTamperedCookie_whenLoaded_thenNothing() {
		String value = save(request()).getValue();
		byte[] bytes = Base64.getUrlDecoder().decode(value);
		for (int position : new int[] { 0, 12, bytes.length / 2, bytes.length - 1 }) {
			byte[] tampered = bytes.clone();
			tampered[position] ^= 1;
			ResponseCookie forged = ResponseCookie
				.from(AuthorizationRequestCookieRepository.COOKIE_NAME,
						Base64.getUrlEncoder().withoutPadding().encodeToString(tampered))
				.build();
			assertThat(this.repository.loadAuthorizationRequest(callback(forged)).block()).as("bit flipped at %d", position)
				.isNull();
		}
		for (String garbage : new String[] { "", "not*base64", "AAAA", value.substring(0, value.length() / 2) }) {
			ResponseCookie forged = ResponseCookie.from(AuthorizationRequestCookieRepository.COOKIE_NAME, garbage).build();
			assertThat(this.repository.loadAuthorizationRequest(callback(forged)).block()).as(garbage).isNull();
		}
	}

	@Test
	void givenCookieSealedByAnotherKey_whenLoaded_thenNothing() {
		AuthorizationRequestCookieRepository other = repository(SecurityConfiguration.cookieKey(null, false), NOW);

		assertThat(other.loadAuthorizationRequest(callback(save(request()))).block()).isNull();
	}

	@Test
	void givenTheSameConfiguredKeyOnTwoInstances_whenTheOtherLoads_thenTheRequestOpens() {
		byte[] random = new byte[32];
		new java.security.SecureRandom().nextBytes(random);
		String shared = Base64.getEncoder().encodeToString(random);
		AuthorizationRequestCookieRepository first = repository(SecurityConfiguration.cookieKey(shared, true), NOW);
		AuthorizationRequestCookieRepository second = repository(SecurityConfiguration.cookieKey(shared, true), NOW);
		MockServerWebExchange start = start();
		first.saveAuthorizationRequest(request(), start).block();

		assertThat(second.loadAuthorizationRequest(callback(start.getResponse().getCookies().getFirst(
				AuthorizationRequestCookieRepository.COOKIE_NAME)))
			.block()).isNotNull();
	}

	@Test
	void givenCookieOlderThanTheSignInTimeout_whenLoaded_thenNothingEvenIfTheBrowserStillSendsIt() {
		ResponseCookie cookie = save(request());

		assertThat(repository(this.key, NOW.plus(TTL).minusSeconds(1)).loadAuthorizationRequest(callback(cookie)).block())
			.isNotNull();
		assertThat(repository(this.key, NOW.plus(TTL)).loadAuthorizationRequest(callback(cookie)).block()).isNull();
	}

	@Test
	void whenRemovedAtTheCallback_thenReturnedAndTheBrowserToldToDropIt() {
		MockServerWebExchange callback = callback(save(request()));

		assertThat(this.repository.removeAuthorizationRequest(callback).block()).isNotNull();

		ResponseCookie dropped = callback.getResponse().getCookies().getFirst(AuthorizationRequestCookieRepository.COOKIE_NAME);
		assertThat(dropped).isNotNull();
		assertThat(dropped.getMaxAge()).isZero();
		assertThat(dropped.getPath()).isEqualTo(AuthorizationRequestCookieRepository.COOKIE_PATH);
	}

	@Test
	void givenConfiguredKeyOfWrongSizeOrNotBase64_whenStarting_thenRefusedWithAdvice() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.cookieKey(Base64.getEncoder().encodeToString(new byte[16]), true))
			.withMessageContaining("32 bytes")
			.withMessageContaining("openssl rand -base64 32");
		assertThatIllegalStateException().isThrownBy(() -> SecurityConfiguration.cookieKey("not base64 !", true))
			.withMessageContaining("not Base64");
	}

	private ResponseCookie save(OAuth2AuthorizationRequest request) {
		MockServerWebExchange start = start();
		this.repository.saveAuthorizationRequest(request, start).block();
		ResponseCookie cookie = start.getResponse().getCookies().getFirst(AuthorizationRequestCookieRepository.COOKIE_NAME);
		assertThat(cookie).isNotNull();
		return cookie;
	}

	private static MockServerWebExchange start() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("http://127.0.0.1:8080/oauth2/authorization/keycloak"));
	}

	private static MockServerWebExchange callback(ResponseCookie cookie) {
		return MockServerWebExchange.from(MockServerHttpRequest
			.get("http://127.0.0.1:8080/login/oauth2/code/keycloak?code=c&state=s")
			.cookie(new org.springframework.http.HttpCookie(cookie.getName(), cookie.getValue())));
	}

	private static AuthorizationRequestCookieRepository repository(SecretKey key, Instant now) {
		return new AuthorizationRequestCookieRepository(key, TTL, Clock.fixed(now, ZoneOffset.UTC));
	}

	/** Shaped like Security's default resolver's: OIDC nonce and PKCE in attributes and parameters. */
	private static OAuth2AuthorizationRequest request() {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://127.0.0.1:8180/realms/parley/protocol/openid-connect/auth")
			.clientId("parley-gateway")
			.redirectUri("http://127.0.0.1:8080/login/oauth2/code/keycloak")
			.scopes(Set.of("openid", "profile", "email"))
			.state("state-" + "x".repeat(40))
			.additionalParameters(Map.of("nonce", "hashed-nonce-" + "n".repeat(30), "code_challenge",
					"challenge-" + "c".repeat(33), "code_challenge_method", "S256"))
			.attributes(Map.of("registration_id", "keycloak", "nonce", "nonce-" + "n".repeat(40), "code_verifier",
					"verifier-" + "v".repeat(80)))
			.build();
	}

}
