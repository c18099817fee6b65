package io.parley.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Keycloak's realm {@code parley} as far as the gateway talks to it: discovery, JWKS, token, userinfo and
 * end-session endpoints, with a real RSA key so ID tokens and logout tokens are verified for real.
 */
final class KeycloakStub {

	static final String CLIENT_ID = "parley-gateway";

	static final String CLIENT_SECRET = "test-gateway-secret";

	static final String REALM_PATH = "/realms/parley";

	static final String TOKEN_PATH = REALM_PATH + "/protocol/openid-connect/token";

	static final String AUTH_PATH = REALM_PATH + "/protocol/openid-connect/auth";

	static final String LOGOUT_PATH = REALM_PATH + "/protocol/openid-connect/logout";

	static final String DEFAULT_REFRESH_TOKEN = "test-refresh-token";

	final WireMockServer server;

	private final RSAKey key = newKey("realm-key");

	private final int port;

	KeycloakStub() {
		this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.port = this.server.port();
		stubDiscovery();
	}

	private KeycloakStub(int port) {
		this.server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
		this.port = port;
	}

	/** Keycloak that is down: its issuer has a port, but nothing listens there until {@link #start()}. */
	static KeycloakStub notStarted() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return new KeycloakStub(socket.getLocalPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void start() {
		this.server.start();
		stubDiscovery();
	}

	String issuer() {
		return "http://127.0.0.1:" + this.port + REALM_PATH;
	}

	/** Answers the authorization code grant; the ID token carries the nonce the gateway sent. */
	void stubCodeExchange(String subject, String sid, String nonce, String accessToken, int expiresInSeconds) {
		stubCodeExchange(subject, sid, nonce, accessToken, expiresInSeconds, DEFAULT_REFRESH_TOKEN);
	}

	void stubCodeExchange(String subject, String sid, String nonce, String accessToken, int expiresInSeconds,
			String refreshToken) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=authorization_code"))
			.willReturn(okJson(tokenResponse(accessToken, expiresInSeconds, refreshToken, idToken(subject, sid, nonce)))));
		this.server.stubFor(get(urlPathEqualTo(REALM_PATH + "/protocol/openid-connect/userinfo"))
			.willReturn(okJson("{\"sub\":\"" + subject + "\",\"name\":\"Pat Partner\",\"email\":\"pat@example.org\"}")));
	}

	void stubRefresh(String newAccessToken) {
		stubRefresh(DEFAULT_REFRESH_TOKEN, newAccessToken);
	}

	void stubRefresh(String refreshToken, String newAccessToken) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token"))
			.withRequestBody(containing("refresh_token=" + refreshToken))
			.willReturn(okJson(tokenResponse(newAccessToken, 300, refreshToken, null))));
	}

	/** Keycloak restarting behind its proxy. */
	void stubRefreshUnavailable(String refreshToken) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token"))
			.withRequestBody(containing("refresh_token=" + refreshToken))
			.willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html").withBody("<h1>503</h1>")));
	}

	/** What Keycloak answers for a refresh token whose session it has ended (admin logout, SSO idle timeout). */
	void stubRefreshRejected(String refreshToken) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token"))
			.withRequestBody(containing("refresh_token=" + refreshToken))
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Session not active\"}")));
	}

	String logoutToken(String subject, String sid) {
		return logoutToken(subject, sid, this.key);
	}

	String logoutTokenSignedByStranger(String subject, String sid) {
		return logoutToken(subject, sid, newKey("realm-key"));
	}

	private String logoutToken(String subject, String sid, RSAKey signingKey) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.audience(CLIENT_ID)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60)))
			.jwtID(UUID.randomUUID().toString())
			.claim("sid", sid)
			.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
			.build();
		return sign(claims, signingKey, new JOSEObjectType("logout+jwt"));
	}

	/**
	 * The claims of an access token Keycloak issues to an organisation's API client (client credentials, ADR 0030):
	 * {@code azp} the client, {@code sub} its service-account user, realm role {@code machine}, the services'
	 * audience. Change them before {@link #sign}.
	 */
	JWTClaimsSet.Builder apiClientClaims(String clientId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer())
			.subject(UUID.nameUUIDFromBytes(clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
			.audience(List.of("parley-api", "account"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("typ", "Bearer")
			.claim("azp", clientId)
			.claim("org", "acme-security")
			.claim("org_type", "VENDOR")
			.claim("realm_access", Map.of("roles", List.of("default-roles-parley", "machine")));
	}

	/** Signed with the realm's key, as Keycloak signs access tokens. */
	String sign(JWTClaimsSet.Builder claims) {
		return sign(claims.build(), this.key, JOSEObjectType.JWT);
	}

	/** Signed with another key under the realm key's id: a forgery. */
	String signByStranger(JWTClaimsSet.Builder claims) {
		return sign(claims.build(), newKey("realm-key"), JOSEObjectType.JWT);
	}

	/** Signed with the realm's key but naming a key id the realm never published. */
	String signWithKeyId(JWTClaimsSet.Builder claims, String keyId) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(), claims.build());
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String idToken(String subject, String sid, String nonce) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.audience(CLIENT_ID)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.claim("azp", CLIENT_ID)
			.claim("nonce", nonce)
			.claim("sid", sid)
			.claim("name", "Pat Partner")
			.claim("email", "pat@example.org")
			.build();
		return sign(claims, this.key, JOSEObjectType.JWT);
	}

	private static String tokenResponse(String accessToken, int expiresIn, String refreshToken, String idToken) {
		return "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
				+ ",\"refresh_token\":\"" + refreshToken + "\",\"scope\":\"openid profile email\""
				+ ((idToken != null) ? ",\"id_token\":\"" + idToken + "\"" : "") + "}";
	}

	private void stubDiscovery() {
		String base = issuer() + "/protocol/openid-connect";
		String discovery = """
				{"issuer":"%s","authorization_endpoint":"%s/auth","token_endpoint":"%s/token",
				 "userinfo_endpoint":"%s/userinfo","jwks_uri":"%s/certs","end_session_endpoint":"%s/logout",
				 "response_types_supported":["code"],"subject_types_supported":["public"],
				 "id_token_signing_alg_values_supported":["RS256"],
				 "backchannel_logout_supported":true,"backchannel_logout_session_supported":true,
				 "code_challenge_methods_supported":["S256"]}
				""".formatted(issuer(), base, base, base, base, base);
		this.server.stubFor(get(urlPathEqualTo(REALM_PATH + "/.well-known/openid-configuration")).willReturn(okJson(discovery)));
		this.server.stubFor(get(urlPathEqualTo(REALM_PATH + "/protocol/openid-connect/certs"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json")
				.withBody(new JWKSet(List.of(this.key.toPublicJWK())).toString())));
	}

	private static String sign(JWTClaimsSet claims, RSAKey signingKey, JOSEObjectType type) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).type(type).build(), claims);
			jwt.sign(new RSASSASigner(signingKey));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey newKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
