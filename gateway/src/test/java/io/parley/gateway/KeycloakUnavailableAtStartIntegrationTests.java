package io.parley.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The gateway starts while Keycloak is down (a restart of both in either order, Keycloak's slow first start):
 * the context comes up without reaching the issuer, and login works as soon as Keycloak answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeycloakUnavailableAtStartIntegrationTests {

	// nothing listens on the issuer's port while the context starts
	static final KeycloakStub keycloak = KeycloakStub.notStarted();

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

	@Test
	void givenKeycloakDownAtStart_whenItComesUp_thenLoginWorksAndTokenRelayed() {
		WebTestClient client = GatewayIntegrationTests.client(this.port);
		// started (this test runs at all), ready, and serving the start page without Keycloak
		client.get().uri("/readyz").exchange().expectStatus().isOk();
		client.get().uri("/").exchange().expectStatus().isOk();

		keycloak.start();
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("{\"id\":\"user-1\"}")));
		String session = BrowserLogin.login(client, keycloak, "user-1", "kc-sid-late", "late-access-token", 300);

		client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
		services.verify(getRequestedFor(urlPathEqualTo("/api/identity/me")).withHeader(HttpHeaders.AUTHORIZATION,
				equalTo("Bearer late-access-token")));
	}

	@Test
	void givenKeycloakDown_whenLoginStarts_thenRedirectedToDerivedAuthorizationEndpoint() {
		// the browser, not the gateway, talks to the authorization endpoint: the redirect needs no Keycloak
		WebTestClient client = GatewayIntegrationTests.client(this.port);
		client.get()
			.uri("/oauth2/authorization/keycloak")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value(HttpHeaders.LOCATION, (location) -> org.assertj.core.api.Assertions.assertThat(location)
				.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?"));
	}

}
