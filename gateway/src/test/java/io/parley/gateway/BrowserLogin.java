package io.parley.gateway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks the authorization code flow the way a browser does, with the stub standing in for Keycloak's pages. */
final class BrowserLogin {

	private BrowserLogin() {
	}

	/**
	 * Redirect parameters of {@code /oauth2/authorization/keycloak}, the answer's headers, and the cookies it set
	 * (the sealed authorization request), which the browser sends back with the callback.
	 */
	record Started(URI location, Map<String, String> parameters, Map<String, ResponseCookie> cookies,
			HttpHeaders headers) {

		String state() {
			return this.parameters.get("state");
		}

	}

	static Started start(WebTestClient client) {
		return start(client, (headers) -> {
		});
	}

	/** With request headers of its own, e.g. those of a TLS-terminating proxy. */
	static Started start(WebTestClient client, Consumer<HttpHeaders> headers) {
		EntityExchangeResult<byte[]> result = client.get()
			.uri("/oauth2/authorization/keycloak")
			.headers(headers)
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		URI location = result.getResponseHeaders().getLocation();
		assertThat(location).isNotNull();
		Map<String, String> parameters = UriComponentsBuilder.fromUri(location)
			.build()
			.getQueryParams()
			.toSingleValueMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(e) -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
		Map<String, ResponseCookie> cookies = new LinkedHashMap<>();
		result.getResponseCookies().forEach((name, values) -> cookies.put(name, values.get(0)));
		return new Started(location, parameters, cookies, result.getResponseHeaders());
	}

	/** Keycloak sending the browser back with {@code code} and {@code state}, the start's cookies attached. */
	static WebTestClient.ResponseSpec callback(WebTestClient client, Started started, String state) {
		return callback(client, started, state, (headers) -> {
		});
	}

	static WebTestClient.ResponseSpec callback(WebTestClient client, Started started, String state,
			Consumer<HttpHeaders> headers) {
		return client.get()
			.uri("/login/oauth2/code/keycloak?code=test-code&state={state}", state)
			.headers(headers)
			.cookies((cookies) -> started.cookies().forEach((name, cookie) -> cookies.add(name, cookie.getValue())))
			.exchange();
	}

	/** Logs in as {@code subject} (Keycloak session {@code sid}); returns the authenticated session cookie. */
	static String login(WebTestClient client, KeycloakStub keycloak, String subject, String sid, String accessToken,
			int expiresInSeconds) {
		return login(client, keycloak, subject, sid, accessToken, expiresInSeconds, KeycloakStub.DEFAULT_REFRESH_TOKEN);
	}

	static String login(WebTestClient client, KeycloakStub keycloak, String subject, String sid, String accessToken,
			int expiresInSeconds, String refreshToken) {
		Started started = start(client);
		return complete(client, keycloak, started, subject, sid, accessToken, expiresInSeconds, refreshToken);
	}

	/** The second half of {@link #login}: the callback for a sign-in started elsewhere (another instance). */
	static String complete(WebTestClient client, KeycloakStub keycloak, Started started, String subject, String sid,
			String accessToken, int expiresInSeconds, String refreshToken) {
		keycloak.stubCodeExchange(subject, sid, started.parameters().get("nonce"), accessToken, expiresInSeconds,
				refreshToken);
		EntityExchangeResult<byte[]> callback = callback(client, started, started.state()).expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		assertThat(callback.getResponseHeaders().getLocation()).hasPath("/");
		ResponseCookie session = callback.getResponseCookies().getFirst("SESSION");
		// a session id exists from login on, and it is a new one (fixation protection)
		assertThat(session).isNotNull();
		assertThat(started.cookies().values()).extracting(ResponseCookie::getValue).doesNotContain(session.getValue());
		return session.getValue();
	}

}
