package io.parley.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a service (WireMock) behind a real HAProxy that alternates between them, as devstack --ha and a
 * Kubernetes Service put them, and the gateway in front (ADR 0038): a read that one instance could not answer is
 * sent once more, so the balancer hands it to the other instance; a write is never sent twice; a service's own 500
 * is not retried. Skipped where HAProxy is not installed ({@code apt-get install -y haproxy}; CI installs it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadRetryIntegrationTests {

	static final String PATH = "/api/rollouts/releases";

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer first = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static final WireMockServer second = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

	static Process haproxy;

	static int balancerPort;

	static {
		first.start();
		second.start();
		if (Files.isExecutable(HAPROXY)) {
			try {
				startHaproxy();
			}
			catch (IOException ex) {
				throw new IllegalStateException("could not start haproxy", ex);
			}
		}
	}

	/** Round robin over the two instances, no health checks: which instance gets a request is known. */
	static void startHaproxy() throws IOException {
		try (ServerSocket free = new ServerSocket(0)) {
			balancerPort = free.getLocalPort();
		}
		Path config = Files.createTempFile("parley-retry-haproxy", ".cfg");
		Files.writeString(config, """
				defaults
				    mode http
				    timeout connect 2s
				    timeout client 30s
				    timeout server 30s
				frontend rollouts
				    bind 127.0.0.1:%d
				    default_backend rollouts
				backend rollouts
				    balance roundrobin
				    server rollouts-1 127.0.0.1:%d
				    server rollouts-2 127.0.0.1:%d
				""".formatted(balancerPort, first.port(), second.port()));
		haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		// also when the test JVM ends without @AfterAll (a failed start of this class)
		Runtime.getRuntime().addShutdownHook(new Thread(haproxy::destroy));
		config.toFile().deleteOnExit();
		// polled on this thread: another one would wait for this class to finish initialising
		await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> answers(balancerPort));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayIntegrationTests.stubbedEnvironment(registry, keycloak, first, GatewayIntegrationTests.servicesUrl(first));
		registry.add("ROLLOUTS_URI", () -> "http://127.0.0.1:" + balancerPort);
	}

	@BeforeAll
	static void haproxyInstalled() {
		assumeThat(haproxy).as("haproxy installed (apt-get install -y haproxy)").isNotNull();
	}

	@AfterAll
	static void stop() {
		if (haproxy != null) {
			haproxy.destroy();
		}
		first.stop();
		second.stop();
		keycloak.server.stop();
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	String bearer;

	@BeforeEach
	void setUp() {
		this.client = GatewayIntegrationTests.client(this.port);
		this.bearer = "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-acme-security-retry"));
		first.resetAll();
		second.resetAll();
	}

	@Test
	void givenBothInstancesUnavailable_whenGet_thenTriedOnceOnEachInstanceAndTheSecondAnswerPassedOn() {
		answer(first, 503);
		answer(second, 503);

		this.client.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, this.bearer).exchange().expectStatus().isEqualTo(503);

		assertThat(requests(first)).as("requests to instance 1").isEqualTo(1);
		assertThat(requests(second)).as("requests to instance 2").isEqualTo(1);
	}

	@Test
	void givenOneInstanceDying_whenGetsArrive_thenEveryReadIsAnsweredByTheOtherInstance() {
		answer(first, 502);
		answer(second, 200);

		for (int i = 0; i < 4; i++) {
			this.client.get()
				.uri(PATH)
				.header(HttpHeaders.AUTHORIZATION, this.bearer)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("{\"answeredWith\":200}");
		}
		assertThat(requests(second)).isEqualTo(4);
		assertThat(requests(first)).as("the failing instance got its turn, then the retry went elsewhere")
			.isBetween(3, 4);
	}

	@Test
	void givenBothInstancesUnavailable_whenPost_thenSentOnceAndTheStatusPassedOn() {
		answer(first, 503);
		answer(second, 503);

		this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, this.bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"version\":\"1.2.3\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(503);

		assertThat(requests(first) + requests(second)).as("a write is never sent twice").isEqualTo(1);
	}

	@Test
	void givenAServiceError_whenGet_thenNotRetried() {
		answer(first, 500);
		answer(second, 500);

		this.client.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, this.bearer).exchange().expectStatus().isEqualTo(500);

		assertThat(requests(first) + requests(second)).isEqualTo(1);
	}

	@Test
	void givenAnInstanceClosingWithoutAnswering_whenGetAndPost_thenTheReadIsAskedOnceMoreTheWriteNotAndBothAre502() {
		// the identity route goes to the first instance directly: what the gateway sees when a load balancer closes
		// a reused connection whose instance died, or when the instance dies with the request
		first.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

		this.client.get().uri("/api/identity/me").header(HttpHeaders.AUTHORIZATION, this.bearer).exchange()
			.expectStatus().isEqualTo(502);
		assertThat(requests(first)).as("the read, asked once more").isEqualTo(2);

		first.resetRequests();
		this.client.post()
			.uri("/api/identity/invitations")
			.header(HttpHeaders.AUTHORIZATION, this.bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(502);
		assertThat(requests(first)).as("the write, sent once").isEqualTo(1);
	}

	private static void answer(WireMockServer instance, int status) {
		instance.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"answeredWith\":" + status + "}")));
	}

	private static int requests(WireMockServer instance) {
		return instance.countRequestsMatching(WireMock.anyRequestedFor(anyUrl()).build()).getCount();
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
