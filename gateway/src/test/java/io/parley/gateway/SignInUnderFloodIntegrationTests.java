package io.parley.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: anonymous requests used to fill the in-memory session store (one session per
 * {@code /oauth2/authorization/keycloak}), after which every new visitor got a 500. The store is made tiny here
 * ({@value #MAX_SESSIONS} sessions) so that a flood of a few hundred requests shows what 10,000 would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInUnderFloodIntegrationTests {

	static final int MAX_SESSIONS = 5;

	static final int FLOOD = 200;

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static {
		services.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayIntegrationTests.stubbedEnvironment(registry, keycloak, services,
				GatewayIntegrationTests.servicesUrl(services));
		registry.add("GATEWAY_MAX_SESSIONS", () -> String.valueOf(MAX_SESSIONS));
		// the flood comes from one address; the rate limit is not what is under test here
		registry.add("RATE_LIMIT_ENABLED", () -> "false");
	}

	@AfterAll
	static void stopStubs() {
		services.stop();
		keycloak.server.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	WebSessionManager sessions;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = GatewayIntegrationTests.client(this.port);
		InMemoryWebSessionStore store = store();
		store.getSessions().keySet().forEach((id) -> store.removeSession(id).block());
		services.resetAll();
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("{\"id\":\"user-1\"}")));
		services.stubFor(post(urlPathEqualTo("/api/identity/invitations/acceptance"))
			.willReturn(aResponse().withStatus(202)));
		keycloak.server.resetRequests();
	}

	@Test
	void givenFloodOfAnonymousRequests_whenNewVisitorSignsIn_thenSignInStartsAndCompletes() {
		String csrf = GatewayIntegrationTests.anonymousCsrfToken(this.client);
		for (int i = 0; i < FLOOD; i++) {
			// what wrk did: the start of a sign-in, no cookie, never finished
			this.client.get().uri("/oauth2/authorization/keycloak").exchange().expectStatus().isFound();
			// and everything else an anonymous caller can reach: a page that needs sign-in (the request cache),
			// the start page, the API (401), the anonymous invitation acceptance (rate limiter, token relay)
			this.client.get().uri("/some/page").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound();
			this.client.get().uri("/").exchange().expectStatus().isOk();
			this.client.get().uri("/api/identity/me").exchange().expectStatus().isUnauthorized();
			this.client.post()
				.uri("/api/identity/invitations/acceptance")
				.cookie("XSRF-TOKEN", csrf)
				.header("X-XSRF-TOKEN", csrf)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"token\":\"t\"}")
				.exchange()
				.expectStatus()
				.isAccepted();
		}
		assertThat(store().getSessions()).as("sessions held for anonymous requests").isEmpty();

		BrowserLogin.Started started = BrowserLogin.start(this.client);
		assertThat(started.location().toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
		assertThat(started.state()).isNotBlank();
		String session = BrowserLogin.complete(this.client, keycloak, started, "user-1", "kc-sid-flood",
				"flood-access-token", 300, KeycloakStub.DEFAULT_REFRESH_TOKEN);
		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
		assertThat(store().getSessions()).hasSize(1);
	}

	@Test
	void givenSessionStoreFull_whenAnotherPersonSignsIn_thenServiceUnavailableProblemAndSignedInPeopleUnaffected() {
		assertThat(store().getMaxSessions()).isEqualTo(MAX_SESSIONS);
		// someone who set out before the store filled up comes back from Keycloak after it did
		BrowserLogin.Started late = BrowserLogin.start(this.client);
		String[] signedIn = new String[MAX_SESSIONS];
		for (int i = 0; i < MAX_SESSIONS; i++) {
			signedIn[i] = BrowserLogin.login(this.client, keycloak, "user-" + i, "kc-sid-full-" + i, "token-" + i, 300);
		}
		keycloak.server.resetRequests();

		this.client.get()
			.uri("/oauth2/authorization/keycloak")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:sign-in-capacity-reached");
		ResponseCookie session = BrowserLogin.callback(this.client, late, late.state())
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("SESSION");
		assertThat(session).isNull();
		// the code was not even exchanged: nothing was spent on a login that could not be kept
		keycloak.server.verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH)));
		assertThat(store().getSessions()).hasSize(MAX_SESSIONS);
		for (String existing : signedIn) {
			this.client.get().uri("/api/identity/me").cookie("SESSION", existing).exchange().expectStatus().isOk();
		}
	}

	private InMemoryWebSessionStore store() {
		return (InMemoryWebSessionStore) ((DefaultWebSessionManager) this.sessions).getSessionStore();
	}

}
