package io.parley.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Stands in for Keycloak in the tests of a single service: WireMock serves the realm's JWKS, and tokens are
 * minted with claims taken from JSON fixtures under {@code tokens/} (what Keycloak puts in a Parley access
 * token). One instance per test JVM, so Spring's context cache sees the same properties in every test class.
 */
public final class FakeKeycloak {

	public static final String AUDIENCE = "parley-api";

	private static final FakeKeycloak INSTANCE = new FakeKeycloak();

	private final WireMockServer server;

	private final RSAKey signingKey;

	private final RSAKey strangerKey;

	private FakeKeycloak() {
		try {
			this.signingKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
			// same key id, different key: what a forged token signed by someone else looks like
			this.strangerKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.server.stubFor(WireMock.get("/realms/parley/protocol/openid-connect/certs")
			.willReturn(WireMock.okJson(new JWKSet(this.signingKey.toPublicJWK()).toString())));
		Runtime.getRuntime().addShutdownHook(new Thread(this.server::stop));
		warmUp();
	}

	/** WireMock's first answer is slow on a cold JVM; pay that once here rather than in a test's first request. */
	private void warmUp() {
		try {
			HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/certs")).build(),
					HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public static FakeKeycloak get() {
		return INSTANCE;
	}

	/** Points Boot's resource-server properties at this fake realm. */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", INSTANCE::issuer);
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.port() + "/realms/parley";
	}

	/** A valid access token for the person described in {@code tokens/<fixture>.json}. */
	public String token(String fixture) {
		return tokenFor(fixture).sign();
	}

	public Token tokenFor(String fixture) {
		return new Token(claims(fixture), issuer(), AUDIENCE, Instant.now().plus(Duration.ofMinutes(5)),
				this.signingKey);
	}

	/** Claims of a fixture as a map, for assertions. */
	public static Map<String, Object> claims(String fixture) {
		String path = "/tokens/" + fixture + ".json";
		try (InputStream in = FakeKeycloak.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalArgumentException("no token fixture " + path);
			}
			return JsonMapper.builder().build().readValue(in, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A token under construction; each {@code with...} returns a changed copy. */
	public record Token(Map<String, Object> claims, String issuer, String audience, Instant expiresAt, RSAKey key) {

		public Token withIssuer(String issuer) {
			return new Token(this.claims, issuer, this.audience, this.expiresAt, this.key);
		}

		public Token withAudience(String audience) {
			return new Token(this.claims, this.issuer, audience, this.expiresAt, this.key);
		}

		public Token expiredAt(Instant expiresAt) {
			return new Token(this.claims, this.issuer, this.audience, expiresAt, this.key);
		}

		public Token signedByStranger() {
			return new Token(this.claims, this.issuer, this.audience, this.expiresAt, INSTANCE.strangerKey);
		}

		public String sign() {
			JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
			this.claims.forEach(builder::claim);
			JWTClaimsSet set = builder.issuer(this.issuer)
				.audience(this.audience)
				.jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(this.expiresAt.minus(Duration.ofMinutes(5))))
				.expirationTime(Date.from(this.expiresAt))
				.claim("azp", "parley-gateway")
				.claim("typ", "Bearer")
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					set);
			try {
				jwt.sign(new RSASSASigner(this.key));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			return jwt.serialize();
		}

	}

}
