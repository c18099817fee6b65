package io.parley.gateway.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealmKeysTests {

	static final String CERTS = "/realms/parley/protocol/openid-connect/certs";

	static final Duration INTERVAL = Duration.ofSeconds(30);

	final WireMockServer keycloak = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

	RSAKey current;

	RealmKeys keys;

	@BeforeEach
	void start() throws Exception {
		this.keycloak.start();
		this.current = new RSAKeyGenerator(2048).keyID("key-1").generate();
		publish(this.current);
		this.keys = new RealmKeys(WebClient.create(), URI.create(this.keycloak.baseUrl() + CERTS), INTERVAL, this.clock);
	}

	@AfterEach
	void stop() {
		this.keycloak.stop();
	}

	@Test
	void givenKnownKey_whenManyTokensAreChecked_thenTheKeysAreReadOnce() {
		for (int i = 0; i < 10; i++) {
			assertThat(select("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
		}

		this.keycloak.verify(1, getRequestedFor(urlPathEqualTo(CERTS)));
	}

	@Test
	void givenUnknownKeyIds_whenSeenWithinTheInterval_thenNoReadAndNoKey() {
		select("key-1");

		for (int i = 0; i < 10; i++) {
			assertThat(select("made-up-" + i)).isEmpty();
		}

		this.keycloak.verify(1, getRequestedFor(urlPathEqualTo(CERTS)));
	}

	@Test
	void givenKeycloakRotatedItsKey_whenTheNewKeyIdArrivesAfterTheInterval_thenReadAgainAndFound() throws Exception {
		select("key-1");
		publish(new RSAKeyGenerator(2048).keyID("key-2").generate());

		assertThat(select("key-2")).as("asked again too soon").isEmpty();
		this.clock.move(INTERVAL);
		assertThat(select("key-2")).extracting(JWK::getKeyID).containsExactly("key-2");

		this.keycloak.verify(2, getRequestedFor(urlPathEqualTo(CERTS)));
	}

	@Test
	void givenKeycloakDown_whenATokenIsChecked_thenAnErrorThatIsNotTheTokensFault() {
		this.keycloak.stubFor(get(urlPathEqualTo(CERTS)).willReturn(aResponse().withStatus(503)));

		assertThatThrownBy(() -> select("key-1")).isInstanceOf(JwtException.class)
			.isNotInstanceOf(BadJwtException.class);

		// and once it is back, the next token reads the keys (nothing was cached from the failure)
		publish(this.current);
		assertThat(select("key-1")).hasSize(1);
	}

	private List<JWK> select(String keyId) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
				new JWTClaimsSet.Builder().subject("someone").build());
		return this.keys.apply(jwt).collectList().block(Duration.ofSeconds(10));
	}

	private void publish(RSAKey key) {
		this.keycloak.stubFor(get(urlPathEqualTo(CERTS)).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
	}

	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void move(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
