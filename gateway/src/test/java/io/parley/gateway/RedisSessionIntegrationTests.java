package io.parley.gateway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances with the {@code redis} profile against the Redis server on 127.0.0.1:6379 (running on
 * developer machines and in CI): a browser may land on either instance, and Keycloak's back-channel call may
 * reach an instance other than the one the person logged in through.
 */
class RedisSessionIntegrationTests {

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	// a namespace of our own: tests never see (or disturb) sessions of a gateway running on this machine
	static final String NAMESPACE = "parley:test:" + UUID.randomUUID();

	// what an HA deployment sets: one key for all instances, so a sign-in may end on another instance than it began
	static final String COOKIE_KEY = cookieKey();

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoGateways() {
		services.start();
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("{\"id\":\"user-1\",\"name\":\"Pat\"}")));
		first = gateway();
		second = gateway();
	}

	@AfterAll
	static void stopAll() {
		ReactiveStringRedisTemplate redis = first.getBean(ReactiveStringRedisTemplate.class);
		redis.keys(NAMESPACE + ":*").flatMap(redis::delete).blockLast();
		first.close();
		second.close();
		services.stop();
		keycloak.server.stop();
	}

	// defaults, not overrides: they feed the ${VAR:default} placeholders of application.yml, as a deployment would
	private static ConfigurableApplicationContext gateway() {
		String servicesUrl = "http://127.0.0.1:" + services.port();
		return new SpringApplicationBuilder(GatewayApplication.class).profiles("redis")
			.properties("GATEWAY_PORT=0", "GATEWAY_MANAGEMENT_PORT=0", "PARLEY_GATEWAY_COOKIE_KEY=" + COOKIE_KEY,
					"KEYCLOAK_ISSUER_URI=" + keycloak.issuer(),
					"PARLEY_GATEWAY_CLIENT_SECRET=" + KeycloakStub.CLIENT_SECRET, "IDENTITY_URI=" + servicesUrl,
					"WORKSPACE_URI=" + servicesUrl, "NOTIFICATIONS_URI=" + servicesUrl,
					"SESSION_REDIS_NAMESPACE=" + NAMESPACE,
					"parley.gateway.oidc-session-registry-ttl=10m")
			.run();
	}

	private static String cookieKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private static WebTestClient client(ConfigurableApplicationContext gateway) {
		return GatewayIntegrationTests.client(
				Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port", "0")));
	}

	@BeforeEach
	void resetRequests() {
		services.resetRequests();
	}

	@Test
	void givenLoginThroughFirstInstance_whenSecondInstanceCalled_thenSameSessionAndTokenRelayed() {
		String session = BrowserLogin.login(client(first), keycloak, "user-1", "kc-sid-shared", "shared-access-token",
				300);

		client(second).get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isOk()
			// the shared (Redis) rate limiter counted it: on a Redis failure it lets requests through with -1
			.expectHeader()
			.value("X-RateLimit-Remaining", (remaining) -> assertThat(Long.parseLong(remaining)).isNotNegative());

		services.verify(getRequestedFor(urlPathEqualTo("/api/identity/me")).withHeader(HttpHeaders.AUTHORIZATION,
				equalTo("Bearer shared-access-token")));
		ReactiveStringRedisTemplate redis = first.getBean(ReactiveStringRedisTemplate.class);
		assertThat(redis.hasKey(NAMESPACE + ":sessions:" + session).block()).isTrue();
	}

	@Test
	void givenSignInStartedOnFirstInstance_whenKeycloakSendsTheBrowserToSecond_thenSignedIn() {
		BrowserLogin.Started started = BrowserLogin.start(client(first));

		String session = BrowserLogin.complete(client(second), keycloak, started, "user-1", "kc-sid-crossed",
				"crossed-access-token", 300, KeycloakStub.DEFAULT_REFRESH_TOKEN);

		client(first).get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
	}

	@Test
	void givenFloodOfAnonymousRequests_whenDone_thenNoSessionKeptInRedisAndSignInStillStarts() {
		ReactiveStringRedisTemplate redis = first.getBean(ReactiveStringRedisTemplate.class);
		long before = sessionKeys(redis);
		for (int i = 0; i < 300; i++) {
			WebTestClient anonymous = client((i % 2 == 0) ? first : second);
			anonymous.get().uri("/oauth2/authorization/keycloak").exchange().expectStatus().isFound();
			anonymous.get().uri("/some/page").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound();
			anonymous.get().uri("/api/identity/me").exchange().expectStatus().isUnauthorized();
		}

		assertThat(sessionKeys(redis)).isEqualTo(before);
		assertThat(BrowserLogin.start(client(second)).state()).isNotBlank();
	}

	/** Spring Session's keys for sessions; the back-channel registry (":oidc:") is another thing. */
	private static long sessionKeys(ReactiveStringRedisTemplate redis) {
		return redis.keys(NAMESPACE + ":sessions:*").count().block();
	}

	@Test
	void givenLoginThroughFirstInstance_whenBackChannelLogoutReachesSecond_thenSessionEndedEverywhere() {
		String session = BrowserLogin.login(client(first), keycloak, "user-1", "kc-sid-elsewhere",
				"shared-access-token", 300);

		client(second).post()
			.uri("/logout/connect/back-channel/keycloak")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("logout_token", keycloak.logoutToken("user-1", "kc-sid-elsewhere")))
			.exchange()
			.expectStatus()
			.isOk();

		client(first).get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isUnauthorized();
		client(second).get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isUnauthorized();
	}

}
