package io.parley.gateway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks the authorization code flow the way a browser does, with the stub standing in for Keycloak's pages. */
final class BrowserLogin {

	private BrowserLogin() {
	}

	/** Redirect parameters of {@code /oauth2/authorization/keycloak}, plus the pre-login session cookie. */
	record Started(URI location, Map<String, String> parameters, String session) {
	}

	static Started start(WebTestClient client) {
		EntityExchangeResult<byte[]> result = client.get()
			.uri("/oauth2/authorization/keycloak")
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		URI location = result.getResponseHeaders().getLocation();
		ResponseCookie session = result.getResponseCookies().getFirst("SESSION");
		assertThat(location).isNotNull();
		assertThat(session).isNotNull();
		Map<String, String> parameters = UriComponentsBuilder.fromUri(location)
			.build()
			.getQueryParams()
			.toSingleValueMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(e) -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
		return new Started(location, parameters, session.getValue());
	}

	/** Logs in as {@code subject} (Keycloak session {@code sid}); returns the authenticated session cookie. */
	static String login(WebTestClient client, KeycloakStub keycloak, String subject, String sid, String accessToken,
			int expiresInSeconds) {
		return login(client, keycloak, subject, sid, accessToken, expiresInSeconds, KeycloakStub.DEFAULT_REFRESH_TOKEN);
	}

	static String login(WebTestClient client, KeycloakStub keycloak, String subject, String sid, String accessToken,
			int expiresInSeconds, String refreshToken) {
		Started started = start(client);
		keycloak.stubCodeExchange(subject, sid, started.parameters().get("nonce"), accessToken, expiresInSeconds,
				refreshToken);
		EntityExchangeResult<byte[]> callback = client.get()
			.uri("/login/oauth2/code/keycloak?code=test-code&state={state}", started.parameters().get("state"))
			.cookie("SESSION", started.session())
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		assertThat(callback.getResponseHeaders().getLocation()).hasPath("/");
		ResponseCookie session = callback.getResponseCookies().getFirst("SESSION");
		// the session id changes at login (fixation protection); the old one must not be reused
		assertThat(session).isNotNull();
		assertThat(session.getValue()).isNotEqualTo(started.session());
		return session.getValue();
	}

}
