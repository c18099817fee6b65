package io.parley.notifications.sse;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.bench.EventStreamLines;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.AnnouncementPosted;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static io.parley.bench.Figures.loadAverage;
import static io.parley.bench.Figures.percentileMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE push of the notifications service, which this benchmark starts in its own JVM from
 * {@code notifications/target/notifications.jar} with {@code -Xmx512m}, against the real RabbitMQ, the embedded
 * Mongo-wire server and the fake realm running in this JVM. Clients are JDK HttpClient requests (asynchronous,
 * HTTP/1.1, one connection each). Measured, one after the other:
 * <ol>
 * <li>event published on {@code parley.events} → SSE client received the notice, with 100 clients connected
 * (one person each), one event at a time for one of them (p50/p99), and one announcement to all 100;</li>
 * <li>{@code bench.streams} (10,000) streams held by the instance with heartbeats, and the publish → receipt
 * latency of one notice that reaches all of them (one person, one stream per session).</li>
 * </ol>
 */
class SseBenchmark {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String QUEUE = "notifications-bench-" + RUN;

	private static final int STREAMS = Integer.getInteger("bench.streams", 10_000);

	private static final int LATENCY_EVENTS = Integer.getInteger("bench.latencyEvents", 1000);

	private static final int RATE = Integer.getInteger("bench.rate", 20);

	private static final Duration HOLD = Duration.ofSeconds(Long.getLong("bench.holdSeconds", 60));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	private static final RabbitTemplate RABBIT = new RabbitTemplate(BROKER);

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static Process service;

	private static int port;

	private static Path log;

	@BeforeAll
	static void startService() throws Exception {
		Path jar = Path.of(System.getProperty("bench.notificationsJar", "../notifications/target/notifications.jar"));
		assertThat(jar).as("build it first: ./mvnw -pl notifications -am package -DskipTests").exists();
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		log = Files.createTempFile("notifications-bench-", ".log");
		service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + System.getProperty("bench.serviceHeap", "512m"),
				"-jar", jar.toString(), "--server.port=" + port, "--spring.mongodb.uri=" + EmbeddedMongo.uri(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
				"--parley.notifications.events-queue=" + QUEUE, "--logging.level.io.parley.notifications=WARN",
				"--spring.mail.port=1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Process started = service;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			try {
				if (HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/liveness")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					System.out.println("notifications up, pid " + service.pid() + ", log " + log);
					return;
				}
			}
			catch (java.io.IOException ex) {
				// not listening yet
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
		}
		throw new IllegalStateException("notifications did not start; see " + log);
	}

	@AfterAll
	static void stopService() {
		if (service != null) {
			service.destroy();
		}
		try {
			RabbitAdmin admin = new RabbitAdmin(BROKER);
			admin.deleteQueue(QUEUE);
			admin.deleteQueue(QUEUE + ".dlq");
		}
		finally {
			BROKER.destroy();
		}
	}

	@Test
	void pushLatencyWithHundredClientsThenTenThousandStreams() throws Exception {
		latencyWithHundredClients();
		if (STREAMS > 0) { // -Dbench.streams=0: the latency part alone
			tenThousandStreams();
		}
	}

	private void latencyWithHundredClients() throws Exception {
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			clients.add(Client.open(UUID.randomUUID(), "s"));
		}
		awaitAll(clients, Client::connected, Duration.ofSeconds(60));
		// warm-up: JIT, Mongo collections, connection caches
		UUID warmWorkspace = UUID.randomUUID();
		for (Client client : clients) {
			publish(new WorkspaceMemberAdded(warmWorkspace, client.person, "acme-security", "reader"));
		}
		awaitAll(clients, (client) -> client.notices.get() >= 1, Duration.ofSeconds(120));

		long[] latencies = new long[LATENCY_EVENTS];
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		long start = System.nanoTime();
		for (int i = 0; i < LATENCY_EVENTS; i++) {
			LockSupport.parkNanos(start + i * interval - System.nanoTime());
			Client client = clients.get(i % clients.size());
			int before = client.notices.get();
			long sent = System.nanoTime();
			client.expect(before + 1, sent, latencies, i);
			publish(new WorkspaceMemberAdded(UUID.randomUUID(), client.person, "acme-security", "reader"));
		}
		awaitAll(clients, Client::allSeen, Duration.ofSeconds(120));
		report("one event → its one client, " + LATENCY_EVENTS + " events at " + RATE + "/s, 100 clients",
				latencies);

		// one announcement to a workspace of all 100: time until each client has it
		UUID workspace = UUID.randomUUID();
		for (Client client : clients) {
			publish(new WorkspaceMemberAdded(workspace, client.person, "acme-security", "reader"));
		}
		awaitAll(clients, (client) -> client.notices.get() >= client.expected + 1, Duration.ofSeconds(120));
		long[] broadcast = new long[clients.size()];
		long sent = System.nanoTime();
		for (int i = 0; i < clients.size(); i++) {
			Client client = clients.get(i);
			client.expect(client.notices.get() + 1, sent, broadcast, i);
		}
		publish(new AnnouncementPosted(UUID.randomUUID(), "WORKSPACE", workspace, "Bench", "TLP:GREEN",
				UUID.randomUUID()));
		awaitAll(clients, Client::allSeen, Duration.ofSeconds(120));
		report("one announcement → 100 members (100 inbox entries), publish → each client", broadcast);
		clients.forEach(Client::close);
	}

	private void tenThousandStreams() throws Exception {
		UUID person = UUID.randomUUID();
		List<Client> clients = new ArrayList<>();
		long liveBefore = liveHeap("before-streams");
		long opening = System.nanoTime();
		for (int i = 0; i < STREAMS; i++) {
			clients.add(Client.open(person, "session-" + i));
			if (i % 500 == 499) {
				awaitAll(clients, Client::connected, Duration.ofSeconds(300));
				System.out.printf("%,d streams open after %.1f s (%d ended)%n", i + 1,
						(System.nanoTime() - opening) / 1e9, clients.stream().filter(Client::ended).count());
			}
		}
		awaitAll(clients, Client::connected, Duration.ofSeconds(120));
		System.out.printf("%,d streams open in %.1f s%n", STREAMS,
				(System.nanoTime() - opening) / 1e9);

		// hold them: every stream must see heartbeats and stay open
		long beats = clients.stream().mapToLong((client) -> client.heartbeats.get()).sum();
		LockSupport.parkNanos(HOLD.toNanos());
		long ended = clients.stream().filter(Client::ended).count();
		long withHeartbeat = clients.stream().filter((client) -> client.heartbeats.get() > 0).count();
		System.out.printf("after %d s: %,d open, %,d ended, %,d saw heartbeats (%,d heartbeat lines in the hold)%n",
				HOLD.toSeconds(), STREAMS - ended, ended, withHeartbeat,
				clients.stream().mapToLong((client) -> client.heartbeats.get()).sum() - beats);
		System.out.println("service heap after the hold: " + heap());
		long liveWith = liveHeap("with-streams");
		System.out.printf("live heap (after a full GC): %.0f MiB before the streams, %.0f MiB with %,d streams: %.1f KiB "
				+ "per stream (histograms: %s)%n", liveBefore / 1048576.0, liveWith / 1048576.0, STREAMS,
				(liveWith - liveBefore) / 1024.0 / STREAMS, log.getParent());

		for (int round = 0; round < 3; round++) {
			long[] broadcast = new long[clients.size()];
			long sent = System.nanoTime();
			for (int i = 0; i < clients.size(); i++) {
				Client client = clients.get(i);
				client.expect(client.notices.get() + 1, sent, broadcast, i);
			}
			publish(new WorkspaceMemberAdded(UUID.randomUUID(), person, "acme-security", "reader"));
			awaitAll(clients, Client::allSeen, Duration.ofSeconds(120));
			report("one notice → " + STREAMS + " streams (round " + (round + 1) + ")", broadcast);
		}
		System.out.println("service heap at the end: " + heap());
		clients.forEach(Client::close);
	}

	// ---- helpers

	private static String base() {
		return "http://127.0.0.1:" + port;
	}

	private static void publish(Object event) {
		String type = EventTypes.typeOf(event.getClass());
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, Instant.now().truncatedTo(ChronoUnit.MILLIS),
				"bench", UUID.randomUUID().toString(), 1, JSON.valueToTree(event));
		org.springframework.amqp.core.Message message = MessageBuilder.withBody(JSON.writeValueAsBytes(envelope))
			.setContentType("application/json")
			.setMessageId(envelope.id().toString())
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.build();
		// the shared broker may be restarted by another build's fault tests: wait for it rather than give up
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			try {
				RABBIT.send("parley.events", type, message);
				return;
			}
			catch (org.springframework.amqp.AmqpException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			}
		}
	}

	private static String heap() throws Exception {
		String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		double used = 0;
		Matcher matcher = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)")
			.matcher(metrics);
		while (matcher.find()) {
			used += Double.parseDouble(matcher.group(1));
		}
		return String.format("%.0f MiB used of -Xmx%s", used / (1024 * 1024), System.getProperty("bench.serviceHeap", "512m"));
	}

	/**
	 * Live bytes in the service's heap: {@code jcmd GC.class_histogram} runs a full GC first. The histogram is kept
	 * next to the service log, for the classes a stream costs.
	 */
	private static long liveHeap(String name) throws Exception {
		Path histogram = log.resolveSibling(log.getFileName().toString().replace(".log", "-" + name + ".histo"));
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(service.pid()), "GC.class_histogram")
			.redirectErrorStream(true)
			.redirectOutput(histogram.toFile())
			.start();
		assertThat(jcmd.waitFor(120, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
		Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(Files.readString(histogram));
		assertThat(total.find()).as("histogram total in %s", histogram).isTrue();
		return Long.parseLong(total.group(1));
	}

	private static void awaitAll(List<Client> clients, java.util.function.Predicate<Client> done, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!clients.stream().allMatch(done)) {
			if (System.nanoTime() > deadline) {
				long missing = clients.stream().filter(done.negate()).count();
				throw new IllegalStateException(missing + " client(s) not done; service log: " + log);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
	}

	private static void report(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		long over100 = Arrays.stream(sorted).filter((latency) -> latency > TimeUnit.MILLISECONDS.toNanos(100)).count();
		System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d, %d over 100 ms; load %s)%n",
				what, percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.90), percentileMillis(sorted, 0.99),
				sorted[sorted.length - 1] / 1e6, sorted.length, over100, loadAverage());
	}

	/** One SSE connection, read line by line without a thread of its own. */
	static final class Client extends EventStreamLines {

		final UUID person;

		final AtomicInteger notices = new AtomicInteger();

		final AtomicLong heartbeats = new AtomicLong();

		volatile boolean connected;

		volatile int expected;

		private volatile long sentAt;

		private volatile long[] into;

		private volatile int slot;

		private CompletableFuture<HttpResponse<Void>> response;

		private Client(UUID person) {
			this.person = person;
		}

		static Client open(UUID person, String sid) {
			Client client = new Client(person);
			Map<String, Object> claims = new LinkedHashMap<>();
			FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
			claims.putAll(template.claims());
			claims.remove("email"); // no address: nothing is mailed during the benchmark
			claims.put("sub", person.toString());
			claims.put("sid", sid);
			String token = new FakeKeycloak.Token(claims, template.issuer(), template.audience(),
					Instant.now().plus(Duration.ofHours(2)), template.key())
				.sign();
			client.response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/api/notifications/stream"))
				.header("Authorization", "Bearer " + token)
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.fromLineSubscriber(client));
			client.response.whenComplete((result, failure) -> client.ended = true);
			return client;
		}

		/** The next notice numbered {@code count} is timed from {@code sent} into {@code into[slot]}. */
		void expect(int count, long sent, long[] into, int slot) {
			this.into = into;
			this.slot = slot;
			this.sentAt = sent;
			this.expected = count;
		}

		boolean connected() {
			return this.connected;
		}

		boolean allSeen() {
			return this.notices.get() >= this.expected;
		}

		@Override
		protected void comment() {
			this.heartbeats.incrementAndGet();
		}

		@Override
		protected void data(String event, String data) {
			if (event.equals("unread")) {
				this.connected = true;
			}
			else if (event.equals("notification")) {
				int count = this.notices.incrementAndGet();
				if (count == this.expected && this.into != null) {
					this.into[this.slot] = System.nanoTime() - this.sentAt;
				}
			}
		}

		void close() {
			cancel();
			this.response.cancel(true);
		}

	}

}
