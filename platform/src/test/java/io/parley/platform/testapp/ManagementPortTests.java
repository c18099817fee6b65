package io.parley.platform.testapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.parley.platform.test.FakeKeycloak;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kubernetes every service runs Actuator on a port of its own (MANAGEMENT_SERVER_PORT=9090,
 * deploy/kubernetes): the kubelet's probes and Prometheus reach the probe groups and the metrics there without a
 * token, the API port no longer serves them, and the API itself still wants a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.server.address=127.0.0.1" })
class ManagementPortTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void fakeKeycloak(DynamicPropertyRegistry registry) {
		FakeKeycloak.register(registry);
	}

	@Test
	void givenOwnManagementPort_whenProbedAndScraped_thenAnsweredThereWithoutATokenAndNotOnTheApiPort()
			throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/health/liveness", "/actuator/health/readiness",
				"/actuator/prometheus" }) {
			HttpResponse<String> response = get(this.managementPort, path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get(this.managementPort, "/actuator/health/liveness").body()).contains("\"UP\"");

		assertThat(get(this.port, "/actuator/health/liveness").statusCode()).isIn(401, 404);
		assertThat(get(this.port, "/api/probe/caller").statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
