package io.parley.gateway;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hot path keeps and what it dropped (issue 14, docs/adr/0039): a signed-in {@code GET} is observed as a
 * request but not filter by filter, new traces are sampled (1 in 10) while an incoming sampled trace stays sampled, and
 * CSRF still refuses an unsafe request whose cookie is not echoed in the header. The rate limit is off here only so
 * that one session can make the 120 requests the sampling test needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "RATE_LIMIT_ENABLED=false")
class HotPathIntegrationTests {

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

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

	@Autowired
	ObservationRegistry observations;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = GatewayIntegrationTests.client(this.port);
		services.resetAll();
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("{\"id\":\"user-1\"}")));
	}

	@Test
	void givenSession_whenApiGet_thenRequestObservedButNotSpringSecuritysSteps() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-observed", "test-access-token", 300);
		Queue<String> started = new ConcurrentLinkedQueue<>();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});

		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();

		assertThat(started).contains("http.server.requests");
		assertThat(started).noneMatch((name) -> name.startsWith("spring.security"));
	}

	@Test
	void givenNoIncomingTrace_whenManyApiGets_thenOnlySomeNewTracesSampled() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-sampling", "test-access-token", 300);

		for (int i = 0; i < 120; i++) {
			this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
		}

		List<String> flags = services.findAll(getRequestedFor(urlPathEqualTo("/api/identity/me")))
			.stream()
			.map((request) -> request.getHeader("traceparent"))
			.map((traceparent) -> traceparent.substring(traceparent.length() - 2))
			.toList();
		assertThat(flags).hasSize(120);
		// 1 in 10 (Brave counts exactly 10 of every 100 decisions): 120 requests span at most three such windows
		assertThat(flags.stream().filter("01"::equals).count()).isBetween(1L, 30L);
	}

	@Test
	void givenSampledIncomingTrace_whenApiGet_thenServiceGetsTheSameTraceSampled() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-parent", "test-access-token", 300);
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

		this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk();

		LoggedRequest forwarded = services.findAll(getRequestedFor(urlPathEqualTo("/api/identity/me"))).get(0);
		assertThat(forwarded.getHeader("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
	}

	@Test
	void givenSessionAndCsrfCookie_whenPostWithoutHeader_thenForbiddenAndNotRouted() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-csrf", "test-access-token", 300);
		String csrf = this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("XSRF-TOKEN")
			.getValue();
		services.resetRequests();

		this.client.post()
			.uri("/api/workspaces")
			.cookie("SESSION", session)
			.cookie("XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"Safer updates\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(services.getAllServeEvents()).isEmpty();
	}

}
