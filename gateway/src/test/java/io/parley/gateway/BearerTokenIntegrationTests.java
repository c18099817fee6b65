package io.parley.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organisations' API clients calling {@code /api/**} with a bearer token (ADR 0030), next to browser sessions. The
 * gateway on a real port; Keycloak (with a real RSA key) and the services are WireMock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BearerTokenIntegrationTests {

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static final String CERTS = KeycloakStub.REALM_PATH + "/protocol/openid-connect/certs";

	static final String HEALTH = "/api/rollouts/releases/" + UUID.randomUUID() + "/rings/0/health";

	static {
		services.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayIntegrationTests.stubbedEnvironment(registry, keycloak, services,
				GatewayIntegrationTests.servicesUrl(services));
	}

	@AfterAll
	static void stopStubs() {
		services.stop();
		keycloak.server.stop();
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = GatewayIntegrationTests.client(this.port);
		services.resetAll();
		services.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"halted\":false}")));
		keycloak.server.resetRequests();
	}

	@Test
	void givenApiClientToken_whenPostingHealthWithoutCsrf_thenServiceGetsTheRequestAsItCameAndNoCookieIsSet() {
		String token = keycloak.sign(keycloak.apiClientClaims("api-acme-security-k3j9x2m4qp"));

		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(HEALTH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", "report-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"devicesUpdated\":1000,\"devicesReporting\":900,\"crashes\":1}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();

		assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(result.getResponseCookies()).isEmpty();
		List<LoggedRequest> forwarded = services.findAll(com.github.tomakehurst.wiremock.client.WireMock
			.postRequestedFor(urlPathEqualTo(HEALTH)));
		assertThat(forwarded).hasSize(1);
		assertThat(forwarded.get(0).getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + token);
		assertThat(forwarded.get(0).getHeader("Idempotency-Key")).isEqualTo("report-1");
		assertThat(forwarded.get(0).getBodyAsString()).contains("\"devicesReporting\":900");
	}

	@Test
	void givenApiClient_whenCallingAgainAndAgain_thenTheRealmsKeysAreNotReadAgain() {
		String token = keycloak.sign(keycloak.apiClientClaims("api-acme-security-again"));
		get("/api/rollouts/releases", "Bearer " + token).expectStatus().isCreated();
		keycloak.server.resetRequests();

		for (int i = 0; i < 5; i++) {
			get("/api/rollouts/releases", "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-acme-security-again")))
				.expectStatus()
				.isCreated();
		}

		assertThat(keycloak.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenTokensNamingKeysTheRealmNeverHad_whenFlooding_thenRefusedAndTheKeysReadAtMostOnce() {
		// the keys have been read once already (as after any first request)
		get("/api/rollouts/releases", "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-warm-up")))
			.expectStatus()
			.isCreated();
		keycloak.server.resetRequests();
		services.resetRequests();

		for (int i = 0; i < 20; i++) {
			String forged = keycloak.signWithKeyId(keycloak.apiClientClaims("api-forger"), "kid-" + UUID.randomUUID());
			unauthorized(get("/api/rollouts/releases", "Bearer " + forged));
		}

		assertThat(keycloak.server.findAll(getRequestedFor(urlPathEqualTo(CERTS)))).hasSizeLessThanOrEqualTo(1);
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenTokensThatMustNotPass_whenCalling_thenUnauthorizedProblemAndTheServiceNeverSeesThem() {
		Instant past = Instant.now().minusSeconds(600);
		List<String> refused = List.of(
				keycloak.sign(keycloak.apiClientClaims("api-expired")
					.issueTime(Date.from(past))
					.expirationTime(Date.from(past.plusSeconds(300)))),
				keycloak.sign(keycloak.apiClientClaims("api-elsewhere").audience(List.of("another-api"))),
				keycloak.sign(keycloak.apiClientClaims("api-foreign").issuer("http://127.0.0.1:1/realms/other")),
				keycloak.signByStranger(keycloak.apiClientClaims("api-forged")), "not-a-jwt", "");

		for (String token : refused) {
			unauthorized(get("/api/rollouts/releases", ("Bearer " + token).strip()));
		}

		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenAPersonsAccessToken_whenSentAsBearer_thenForbiddenAndNotForwarded() {
		String person = keycloak.sign(keycloak.apiClientClaims("parley-gateway")
			.claim("realm_access", Map.of("roles", List.of("member", "org-admin"))));

		get("/api/identity/me", "Bearer " + person).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:forbidden");
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenSessionCookieAndBearerHeader_whenCalling_thenTheBearerDecidesAndTheSessionIsIgnored() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-both", "session-access-token", 300);
		String token = keycloak.sign(keycloak.apiClientClaims("api-acme-security-both"));

		// a bad bearer is refused even next to a good session: never treated as a session request
		unauthorized(this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt")
			.exchange());
		assertThat(services.getAllServeEvents()).isEmpty();

		// a good one goes on as it came, not replaced by the session's token, and no cookie reaches the service
		this.client.get()
			.uri("/api/rollouts/releases")
			.cookie("SESSION", session)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isCreated();
		LoggedRequest forwarded = services.getAllServeEvents().get(0).getRequest();
		assertThat(forwarded.getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + token);
		assertThat(forwarded.containsHeader(HttpHeaders.COOKIE)).isFalse();
	}

	@Test
	void givenSession_whenCallingRollouts_thenTheSessionsTokenIsRelayedAndCsrfStillRequired() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-rollouts", "session-access-token",
				300);

		this.client.get().uri("/api/rollouts/releases").cookie("SESSION", session).exchange().expectStatus().isCreated();
		assertThat(services.getAllServeEvents().get(0).getRequest().getHeader(HttpHeaders.AUTHORIZATION))
			.isEqualTo("Bearer session-access-token");

		this.client.post()
			.uri(HEALTH)
			.cookie("SESSION", session)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:csrf-rejected");
	}

	private WebTestClient.ResponseSpec get(String path, String authorization) {
		return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

	private static void unauthorized(WebTestClient.ResponseSpec response) {
		EntityExchangeResult<byte[]> result = response.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult();
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer error=");
		assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
			.contains("\"type\":\"urn:parley:problem:unauthenticated\"")
			.contains("grant_type=client_credentials");
	}

}
