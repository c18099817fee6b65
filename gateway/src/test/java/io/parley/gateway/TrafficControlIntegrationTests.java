package io.parley.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the gateway does to traffic beyond authentication: server-sent events stream through unbuffered and
 * untimed, a slow ordinary service is cut at the response timeout, and /api/** is rate limited per session.
 * Limits are tight here (1 s response timeout, bursts of 3) so the behaviour shows within a test's time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrafficControlIntegrationTests {

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	/** WireMock writes a response whole; this stands in for notifications' SSE endpoint, event by event. */
	static final EventStreamBackend notifications = new EventStreamBackend();

	static final int BURST = 3;

	static final Duration STREAM_MAX_AGE = Duration.ofSeconds(6);

	static {
		services.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayIntegrationTests.stubbedEnvironment(registry, keycloak, services, notifications.url());
		registry.add("GATEWAY_RESPONSE_TIMEOUT", () -> "1s");
		registry.add("GATEWAY_EVENT_STREAM_MAX_AGE", () -> STREAM_MAX_AGE.toSeconds() + "s");
		registry.add("RATE_LIMIT_REPLENISH_RATE", () -> "1");
		registry.add("RATE_LIMIT_BURST_CAPACITY", () -> String.valueOf(BURST));
	}

	@AfterAll
	static void stopStubs() {
		notifications.stop();
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
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("{\"id\":\"user-1\"}")));
		notifications.reset();
	}

	@AfterEach
	void releaseStreams() {
		notifications.releaseAll();
	}

	@Test
	void givenSession_whenEventStreamOpened_thenFirstEventArrivesWhileBackendStillStreaming() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-sse1", "stream-access-token", 300);
		EventStreamClient stream = EventStreamClient.open(this.port, session, null);

		await().atMost(Duration.ofSeconds(20)).until(() -> !notifications.requests.isEmpty());
		// the backend answers only after the global response timeout (1 s here) has passed: this route opts out
		// of it, so the gateway keeps waiting instead of answering 504
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(stream::quiet);
		notifications.openStream.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() == 1);
		assertThat(stream.completed).isFalse();
		assertThat(stream.events.get(0).event()).isEqualTo("notification");
		assertThat(stream.events.get(0).id()).isEqualTo("7");
		assertThat(stream.headers.get().getContentType()).isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue());
		assertThat(stream.headers.get().getFirst("X-Accel-Buffering")).isEqualTo("no");

		notifications.finishStream.countDown();
		await().atMost(Duration.ofSeconds(10)).untilTrue(stream.completed);
		assertThat(stream.error.get()).isNull();
		assertThat(stream.events).extracting(ServerSentEvent::event).containsExactly("notification", "unread");
	}

	@Test
	void givenSession_whenEventStreamReconnects_thenBearerAndLastEventIdForwardedAndCookiesStripped() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-sse2", "stream-access-token", 300);
		notifications.openStream.countDown();
		notifications.finishStream.countDown();

		EventStreamClient stream = EventStreamClient.open(this.port, session, "41");
		await().atMost(Duration.ofSeconds(20)).untilTrue(stream.completed);

		Headers forwarded = notifications.requests.peek();
		assertThat(forwarded).isNotNull();
		assertThat(forwarded.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer stream-access-token");
		assertThat(forwarded.getFirst("Last-Event-ID")).isEqualTo("41");
		assertThat(forwarded.containsKey(HttpHeaders.COOKIE)).isFalse();
		assertThat(stream.events).hasSize(2);
	}

	@Test
	void givenStreamOpenLongerThanMaxAge_whenMaxAgeReached_thenGatewayEndsItSoTheBrowserReconnects() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-sse3", "stream-access-token", 300);
		notifications.openStream.countDown();
		// the backend never finishes on its own: only the gateway's cap can end this stream

		EventStreamClient stream = EventStreamClient.open(this.port, session, null);

		await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() == 1);
		await().atMost(STREAM_MAX_AGE.plusSeconds(10)).untilTrue(stream.completed);
		// a clean end (not an error), which EventSource answers by reconnecting with Last-Event-ID
		assertThat(stream.error.get()).isNull();
		assertThat(notifications.finishStream.getCount()).isEqualTo(1);
	}

	@Test
	void givenServiceSlowerThanResponseTimeout_whenOrdinaryApiRequest_thenGatewayTimeout() {
		services.stubFor(get(urlPathEqualTo("/api/workspaces")).willReturn(okJson("[]").withFixedDelay(4000)));
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-slow", "test-access-token", 300);

		this.client.get()
			.uri("/api/workspaces")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
	}

	@Test
	void givenBurstOverTheLimit_whenApiRequests_thenTooManyRequestsProblemWithRetryAfterAndNotRouted() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-burst", "test-access-token", 300);

		List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
		for (int i = 0; i < BURST + 5; i++) {
			results.add(this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectBody().returnResult());
		}

		// a full bucket grants the burst; at one token a second, eight quick requests cannot all pass
		assertThat(results.subList(0, BURST)).allSatisfy((r) -> assertThat(r.getStatus()).isEqualTo(HttpStatus.OK));
		EntityExchangeResult<byte[]> refused = results.stream()
			.filter((r) -> r.getStatus() == HttpStatus.TOO_MANY_REQUESTS)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no request was refused"));
		assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(new String(refused.getResponseBody(), StandardCharsets.UTF_8))
			.contains("\"type\":\"urn:parley:problem:rate-limited\"")
			.contains("\"status\":429");
		long allowed = results.stream().filter((r) -> r.getStatus() == HttpStatus.OK).count();
		assertThat(services.getAllServeEvents()).hasSize((int) allowed);
	}

	@Test
	void givenOneSessionOverTheLimit_whenAnotherSessionCalls_thenItIsServed() {
		String noisy = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-noisy", "test-access-token", 300);
		String quiet = BrowserLogin.login(this.client, keycloak, "user-2", "kc-sid-quiet", "test-access-token", 300);

		assertThat(untilRefused(() -> this.client.get().uri("/api/identity/me").cookie("SESSION", noisy)))
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		this.client.get().uri("/api/identity/me").cookie("SESSION", quiet).exchange().expectStatus().isOk();
	}

	@Test
	void givenApiClientOverTheLimit_whenItGetsAFreshTokenOrAnotherClientCalls_thenOnlyTheOtherIsServed() {
		// bearer callers (ADR 0030) have no session: their budget is their client id's, whatever token they hold
		assertThat(untilRefused(() -> this.client.get()
			.uri("/api/identity/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-noisy")))))
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		this.client.get()
			.uri("/api/identity/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-noisy")))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:rate-limited");
		this.client.get()
			.uri("/api/identity/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + keycloak.sign(keycloak.apiClientClaims("api-quiet")))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void givenAnonymousAddressOverTheLimit_whenAnotherAddressCalls_thenItIsServed() {
		// the invitation acceptance is the one anonymous route: limited per client address (as the proxy reports it)
		services.stubFor(post(urlPathEqualTo("/api/identity/invitations/acceptance")).willReturn(aResponse().withStatus(202)));
		String csrf = this.client.get()
			.uri("/")
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("XSRF-TOKEN")
			.getValue();

		assertThat(untilRefused(() -> acceptInvitation(csrf, "198.51.100.7"))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		acceptInvitation(csrf, "198.51.100.8").exchange().expectStatus().isAccepted();
	}

	private WebTestClient.RequestHeadersSpec<?> acceptInvitation(String csrf, String clientAddress) {
		return this.client.post()
			.uri("/api/identity/invitations/acceptance")
			.header("X-Forwarded-For", clientAddress)
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"invitation-token\"}");
	}

	/** Sends the request again and again (at most a few more times than the burst) until it is refused. */
	private static HttpStatus untilRefused(Supplier<WebTestClient.RequestHeadersSpec<?>> request) {
		HttpStatus last = HttpStatus.OK;
		for (int i = 0; i < BURST + 5 && last != HttpStatus.TOO_MANY_REQUESTS; i++) {
			last = HttpStatus.valueOf(request.get().exchange().expectBody().returnResult().getStatus().value());
		}
		return last;
	}

	/** Subscribes to the stream through the gateway the way the SPA's EventSource does. */
	static final class EventStreamClient {

		final List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();

		final AtomicBoolean completed = new AtomicBoolean();

		final AtomicReference<Throwable> error = new AtomicReference<>();

		final AtomicReference<HttpHeaders> headers = new AtomicReference<>();

		Disposable subscription;

		static EventStreamClient open(int port, String session, String lastEventId) {
			EventStreamClient client = new EventStreamClient();
			WebClient web = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
				.baseUrl("http://127.0.0.1:" + port)
				.build();
			client.subscription = web.get()
				.uri("/api/notifications/stream")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.cookie("SESSION", session)
				.headers((h) -> {
					if (lastEventId != null) {
						h.set("Last-Event-ID", lastEventId);
					}
				})
				.exchangeToFlux((response) -> {
					client.headers.set(response.headers().asHttpHeaders());
					return response.statusCode().is2xxSuccessful()
							? response.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
							}) : response.<ServerSentEvent<String>>createError().flux();
				})
				.subscribe(client.events::add, client.error::set, () -> client.completed.set(true));
			return client;
		}

		/** Nothing received, nothing failed, still open. */
		boolean quiet() {
			return this.events.isEmpty() && this.error.get() == null && !this.completed.get();
		}

	}

	/**
	 * A JDK HttpServer that answers {@code /api/notifications/stream} with two events: the first once
	 * {@link #openStream} is released, the second (and the end) once {@link #finishStream} is.
	 */
	static final class EventStreamBackend {

		final BlockingQueue<Headers> requests = new LinkedBlockingQueue<>();

		volatile CountDownLatch openStream = new CountDownLatch(1);

		volatile CountDownLatch finishStream = new CountDownLatch(1);

		private final HttpServer server;

		private final ExecutorService executor = Executors.newCachedThreadPool();

		EventStreamBackend() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			this.server.createContext("/api/notifications/stream", this::stream);
			this.server.setExecutor(this.executor);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		void reset() {
			this.requests.clear();
			this.openStream = new CountDownLatch(1);
			this.finishStream = new CountDownLatch(1);
		}

		void releaseAll() {
			this.openStream.countDown();
			this.finishStream.countDown();
		}

		void stop() {
			releaseAll();
			this.server.stop(0);
			this.executor.shutdownNow();
		}

		private void stream(HttpExchange exchange) throws IOException {
			CountDownLatch open = this.openStream;
			CountDownLatch finish = this.finishStream;
			this.requests.add(exchange.getRequestHeaders());
			try {
				await(open);
				exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
				exchange.getResponseHeaders().set("Cache-Control", "no-cache");
				exchange.sendResponseHeaders(200, 0); // 0: chunked, length unknown
				OutputStream body = exchange.getResponseBody();
				body.write("id: 7\nevent: notification\ndata: {\"title\":\"New document\"}\n\n".getBytes(StandardCharsets.UTF_8));
				body.flush();
				await(finish);
				body.write("id: 8\nevent: unread\ndata: {\"unread\":1}\n\n".getBytes(StandardCharsets.UTF_8));
			}
			finally {
				exchange.close();
			}
		}

		private static void await(CountDownLatch latch) throws IOException {
			try {
				if (!latch.await(30, TimeUnit.SECONDS)) {
					throw new IOException("test never released the stream");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

	}

}
