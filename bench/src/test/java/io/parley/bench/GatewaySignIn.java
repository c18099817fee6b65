package io.parley.bench;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.parley.platform.test.FakeKeycloak;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's sign-in through the gateway against platform's fake realm, for benchmarks that go through the gateway
 * as people do: {@code GET /oauth2/authorization/keycloak} (302 with state and nonce) → the fake realm's WireMock
 * answers the gateway's code exchange with the person's access token and an ID token with that nonce, and its
 * userinfo call with the person's name (both stubs keyed on this one sign-in: its code, its access token) →
 * {@code GET /login/oauth2/code/keycloak?code=…&state=…} (302, a new {@code SESSION}) → a first API request sets
 * {@code XSRF-TOKEN}. Many people can sign in one after the other, each with a client of their own.
 */
public final class GatewaySignIn {

	private GatewaySignIn() {
	}

	/** A client that behaves as one browser: its own cookies, redirects not followed. */
	public static HttpClient browser() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.build();
	}

	/**
	 * Signs the person whose access token carries {@code claims} (a {@code sub} among them) in on {@code browser}, then
	 * sends {@code GET firstPath} through the gateway, which must answer 200.
	 * @return the {@code XSRF-TOKEN} value for unsafe requests of this session
	 */
	public static String signIn(HttpClient browser, String gateway, Map<String, Object> claims, String name,
			String firstPath) throws Exception {
		HttpResponse<Void> begin = browser.send(
				HttpRequest.newBuilder(URI.create(gateway + "/oauth2/authorization/keycloak")).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(begin.statusCode()).as("login redirect").isEqualTo(302);
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : URI.create(begin.headers().firstValue("Location").orElseThrow()).getRawQuery().split("&")) {
			int equals = pair.indexOf('=');
			parameters.put(pair.substring(0, equals),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		FakeKeycloak realm = FakeKeycloak.get();
		FakeKeycloak.Token template = realm.tokenFor("partner-engineer");
		String access = new FakeKeycloak.Token(claims, template.issuer(), template.audience(),
				Instant.now().plus(Duration.ofHours(3)), template.key())
			.sign();
		Object subject = claims.get("sub");
		Map<String, Object> idClaims = new LinkedHashMap<>();
		idClaims.put("sub", subject);
		idClaims.put("nonce", parameters.get("nonce"));
		idClaims.put("sid", "bench-" + UUID.randomUUID());
		idClaims.put("name", name);
		String idToken = new FakeKeycloak.Token(idClaims, template.issuer(), "parley-gateway",
				Instant.now().plus(Duration.ofMinutes(5)), template.key())
			.sign();
		String code = "bench-" + UUID.randomUUID();
		WireMock stubs = new WireMock("127.0.0.1", URI.create(realm.issuer()).getPort());
		stubs.register(WireMock.post(WireMock.urlPathEqualTo("/realms/parley/protocol/openid-connect/token"))
			.withRequestBody(WireMock.containing("code=" + code))
			.willReturn(WireMock.okJson("{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\","
					+ "\"expires_in\":10800,\"refresh_token\":\"bench-refresh\",\"scope\":\"openid profile email\","
					+ "\"id_token\":\"" + idToken + "\"}")));
		stubs.register(WireMock.get(WireMock.urlPathEqualTo("/realms/parley/protocol/openid-connect/userinfo"))
			.withHeader("Authorization", WireMock.equalTo("Bearer " + access))
			.willReturn(WireMock.okJson("{\"sub\":\"" + subject + "\",\"name\":\"" + name + "\"}")));
		HttpResponse<Void> callback = browser.send(HttpRequest.newBuilder(URI.create(gateway
				+ "/login/oauth2/code/keycloak?code=" + code + "&state="
				+ URLEncoder.encode(parameters.get("state"), StandardCharsets.UTF_8))).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(callback.statusCode()).as("login callback").isEqualTo(302);
		HttpResponse<String> first = browser.send(HttpRequest.newBuilder(URI.create(gateway + firstPath)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(first.statusCode()).as("GET %s after signing in: %s", firstPath, first.body()).isEqualTo(200);
		return cookies(browser).getOrDefault("XSRF-TOKEN", "");
	}

	/** The browser's cookies as one {@code Cookie} header, to send on requests of another client. */
	public static String cookieHeader(HttpClient browser) {
		return cookies(browser).entrySet()
			.stream()
			.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	private static Map<String, String> cookies(HttpClient browser) {
		Map<String, String> cookies = new LinkedHashMap<>();
		for (HttpCookie cookie : ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies()) {
			cookies.put(cookie.getName(), cookie.getValue());
		}
		return cookies;
	}

}
