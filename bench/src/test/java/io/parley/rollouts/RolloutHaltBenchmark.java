package io.parley.rollouts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.parley.bench.EventStreamLines;
import io.parley.bench.GatewaySignIn;
import io.parley.bench.ServiceJvm;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.documents.MongoWireServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
 * Stop the line, end to end (issue 20): the rollouts, notifications and gateway services each in a JVM of their own
 * (from their module's {@code target/*.jar}), the embedded Mongo-wire server in a fourth ({@link MongoWireServer}),
 * the real RabbitMQ, and in this JVM the fake realm (platform's {@code FakeKeycloak}) and the clients. Measured, one
 * after the other:
 * <ol>
 * <li><b>Health report accepted → halt on every participant's stream.</b> {@code bench.participants} (50) people of
 * the two participating organisations (the releasing acme-security and the host, whose go ring 1 needs), each signed
 * in through the gateway as a browser ({@link GatewaySignIn}) with the notification stream open through it. For each
 * of {@code bench.halts} (30) halts, after {@code bench.haltWarmups} (15) not counted: a fresh release is declared,
 * scheduled and started (directly at rollouts, with the engineer's token), the streams are let go quiet, then the
 * pipeline posts one report through the gateway with its API client's bearer token whose boot failures breach the
 * gate, and the time from the {@code 201} (report accepted, release halted) to the {@code rollouts.release.halted}
 * notification on each stream is taken.</li>
 * <li><b>Health reports per second</b> one rollouts instance takes: {@code bench.reportClients} (8) pipelines, each
 * posting reports one after the other for a release of its own (each report a new {@code Idempotency-Key}, newer
 * {@code observedAt}, every gate green), {@code bench.reportWarmupSeconds} (10) not counted then
 * {@code bench.reportSeconds} (30) counted; directly at rollouts, then through the gateway (its rate limit of 20/s
 * per client off, as it would cap one pipeline long before the service), each leg on fresh releases.</li>
 * </ol>
 * Workspace is not started: the workspace and its members reach rollouts and notifications as workspace's own
 * events ({@code workspace.workspace.created}, {@code workspace.membership.added}) published on {@code parley.events}.
 */
class RolloutHaltBenchmark {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final int PARTICIPANTS = Integer.getInteger("bench.participants", 50);

	private static final int HALTS = Integer.getInteger("bench.halts", 30);

	private static final int HALT_WARMUPS = Integer.getInteger("bench.haltWarmups", 15);

	private static final int REPORT_CLIENTS = Integer.getInteger("bench.reportClients", 8);

	private static final int REPORT_WARMUP_SECONDS = Integer.getInteger("bench.reportWarmupSeconds", 10);

	private static final int REPORT_SECONDS = Integer.getInteger("bench.reportSeconds", 30);

	private static final String SERVICE_HEAP = System.getProperty("bench.serviceHeap", "512m");

	private static final String ROLLOUTS_QUEUE = "rollouts-bench-" + RUN;

	private static final String NOTIFICATIONS_QUEUE = "notifications-bench-" + RUN;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	/** The streams' own client: 50 connections that stay open, read line by line without a thread each. */
	private static final HttpClient STREAMS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	private static MongoWireServer.Launched mongo;

	private static ServiceJvm rollouts;

	private static ServiceJvm notifications;

	private static ServiceJvm gateway;

	private static final UUID WORKSPACE = UUID.randomUUID();

	private static final List<Person> PEOPLE = new ArrayList<>();

	/** The releasing organisation's engineer, who declares and starts every release. */
	private static String engineerToken;

	/** The partner pipeline's API client (realm role {@code machine}, organisation acme-security). */
	private static String pipelineToken;

	private static final List<Stream> STREAMS_OPEN = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		mongo = MongoWireServer.launch("rollouts-bench-mongo", System.getProperty("bench.mongoHeap", "1g"), "");
		Map<String, String> common = Map.of("MONGODB_URI", mongo.uri(), "KEYCLOAK_ISSUER_URI",
				FakeKeycloak.get().issuer(), "RABBITMQ_HOST", "127.0.0.1");
		rollouts = ServiceJvm.start("rollouts-bench-rollouts", jar("rollouts"), SERVICE_HEAP, "SERVER_PORT",
				with(common, "ROLLOUTS_EVENTS_QUEUE", ROLLOUTS_QUEUE), "/actuator/health/liveness");
		// no one has an e-mail address here, and the halts' mails (locked to e-mail) would go nowhere anyway
		notifications = ServiceJvm.start("rollouts-bench-notifications", jar("notifications"), SERVICE_HEAP,
				"SERVER_PORT", with(with(common, "NOTIFICATIONS_EVENTS_QUEUE", NOTIFICATIONS_QUEUE), "SMTP_PORT", "1"),
				"/actuator/health/liveness");
		Map<String, String> gatewayEnv = new LinkedHashMap<>();
		gatewayEnv.put("GATEWAY_MANAGEMENT_PORT", "0");
		gatewayEnv.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		gatewayEnv.put("ROLLOUTS_URI", rollouts.base());
		gatewayEnv.put("NOTIFICATIONS_URI", notifications.base());
		gatewayEnv.put("PARLEY_GATEWAY_CLIENT_SECRET", "bench");
		// 20 requests/s per client would measure the limit, not rollouts (part 2); part 1 sends one report per halt
		gatewayEnv.put("RATE_LIMIT_ENABLED", "false");
		gateway = ServiceJvm.start("rollouts-bench-gateway", jar("gateway"), SERVICE_HEAP, "GATEWAY_PORT", gatewayEnv,
				"/livez");

		// the workspace and its members, as workspace would tell them: half acme-security, half the host
		publish(WORKSPACE.toString(), 1, new WorkspaceCreated(WORKSPACE, "Bench rollouts " + RUN, "TLP:RED",
				UUID.randomUUID()));
		for (int i = 0; i < PARTICIPANTS; i++) {
			boolean partner = i < (PARTICIPANTS + 1) / 2;
			Person person = new Person(UUID.randomUUID(), "Bench person " + i, partner ? "acme-security" : "host",
					partner ? "VENDOR" : "HOST");
			PEOPLE.add(person);
			publish(WORKSPACE.toString(), i + 2,
					new WorkspaceMemberAdded(WORKSPACE, person.id(), person.organisation(), partner ? "contributor" : "reader"));
		}
		engineerToken = PEOPLE.get(0).token(List.of("member"));
		Map<String, Object> pipeline = new LinkedHashMap<>();
		pipeline.put("sub", UUID.randomUUID().toString());
		pipeline.put("preferred_username", "service-account-api-acme-security-bench" + RUN);
		pipeline.put("org", "acme-security");
		pipeline.put("org_type", "VENDOR");
		pipeline.put("realm_access", Map.of("roles", List.of("machine", "default-roles-parley")));
		pipelineToken = sign(pipeline);

		// rings may soak for a second (a portal admin's change, as the e2e journey makes it)
		Person admin = new Person(UUID.randomUUID(), "Bench admin", "host", "HOST");
		HttpResponse<String> policy = send(request(rollouts.base(), "/api/rollouts/policy",
				admin.token(List.of("portal-admin", "member")))
			.PUT(HttpRequest.BodyPublishers.ofString("{\"kernelModeKinds\":[\"KERNEL_DRIVER\",\"SENSOR\"],"
					+ "\"hostSignOffBeforeLeavingFirstRing\":true,\"minimumRings\":2,\"minimumSoak\":\"PT1S\","
					+ "\"kernelModeStartsPerDay\":3}"))
			.build());
		assertThat(policy.statusCode()).as("policy: %s", policy.body()).isEqualTo(200);

		long signingIn = System.nanoTime();
		for (Person person : PEOPLE) {
			HttpClient browser = GatewaySignIn.browser();
			GatewaySignIn.signIn(browser, gateway.base(), person.claims(List.of("member")), person.name(),
					"/api/rollouts/policy");
			STREAMS_OPEN.add(Stream.open(gateway.base(), GatewaySignIn.cookieHeader(browser)));
		}
		await(() -> STREAMS_OPEN.stream().allMatch(Stream::connected), Duration.ofSeconds(60), "streams connected");
		System.out.printf("%d people signed in through the gateway, each with the notification stream open (%.1f s)%n",
				PARTICIPANTS, (System.nanoTime() - signingIn) / 1e9);
	}

	@AfterAll
	static void stop() {
		STREAMS_OPEN.forEach(Stream::close);
		for (ServiceJvm service : new ServiceJvm[] { gateway, notifications, rollouts }) {
			if (service != null) {
				service.close();
			}
		}
		if (mongo != null) {
			mongo.close();
		}
		try {
			RabbitAdmin admin = new RabbitAdmin(BROKER);
			for (String queue : List.of(ROLLOUTS_QUEUE, NOTIFICATIONS_QUEUE)) {
				admin.deleteQueue(queue);
				admin.deleteQueue(queue + ".dlq");
			}
		}
		finally {
			BROKER.destroy();
		}
	}

	@Test
	void haltReachesEveryParticipantThenReportsPerSecond() throws Exception {
		haltToEveryStream();
		reportsPerSecond();
	}

	private void haltToEveryStream() throws Exception {
		int total = HALT_WARMUPS + HALTS;
		long[] each = new long[HALTS * PARTICIPANTS];
		long[] lastStream = new long[HALTS];
		long[] fromSent = new long[HALTS * PARTICIPANTS];
		long[] reportRoundTrip = new long[HALTS];
		for (int halt = 0; halt < total; halt++) {
			boolean measured = halt >= HALT_WARMUPS;
			Started release = newRelease("halt-" + halt, 1);
			settle();
			STREAMS_OPEN.forEach((stream) -> stream.watch(release.id()));
			long sent = System.nanoTime();
			HttpResponse<String> answer = report(gateway.base(), release, 1, "bad", 1600, 24);
			long accepted = System.nanoTime();
			assertThat(answer.statusCode()).as("bad report: %s", answer.body()).isEqualTo(201);
			assertThat(JSON.readTree(answer.body()).get("halted").asBoolean()).isTrue();
			await(() -> STREAMS_OPEN.stream().allMatch(Stream::sawHalt), Duration.ofSeconds(60),
					"halt " + release.id() + " on every stream; notifications log " + notifications.log());
			long[] delays = STREAMS_OPEN.stream().mapToLong((stream) -> stream.haltAt() - accepted).sorted().toArray();
			System.out.printf("%s halt %d: report %.1f ms; accepted → stream p50 %.1f ms, last of %d %.1f ms "
					+ "(load %s)%n", measured ? "measured" : "warm-up", halt + 1, (accepted - sent) / 1e6,
					percentileMillis(delays, 0.5), delays.length, delays[delays.length - 1] / 1e6, loadAverage());
			if (measured) {
				int slot = halt - HALT_WARMUPS;
				for (int i = 0; i < delays.length; i++) {
					each[slot * PARTICIPANTS + i] = delays[i];
					fromSent[slot * PARTICIPANTS + i] = delays[i] + (accepted - sent);
				}
				lastStream[slot] = delays[delays.length - 1];
				reportRoundTrip[slot] = accepted - sent;
			}
		}
		summary("report accepted (201) → halt on a participant's stream, " + HALTS + " halts × " + PARTICIPANTS
				+ " streams", each);
		summary("report accepted (201) → halt on the LAST of the " + PARTICIPANTS + " streams, per halt", lastStream);
		summary("report sent → halt on a participant's stream", fromSent);
		summary("report sent → 201 (gateway → rollouts: gates, halt, outbox in one write)", reportRoundTrip);
	}

	private void reportsPerSecond() throws Exception {
		throughput("directly at rollouts", rollouts.base());
		throughput("through the gateway", gateway.base());
	}

	/** {@link #REPORT_CLIENTS} pipelines posting green reports one after the other, each for a release of its own. */
	private void throughput(String leg, String target) throws Exception {
		List<Started> releases = new ArrayList<>();
		for (int i = 0; i < REPORT_CLIENTS; i++) {
			releases.add(newRelease(leg.replace(' ', '-') + "-" + i, 1000));
		}
		long begin = System.nanoTime();
		long measureFrom = begin + TimeUnit.SECONDS.toNanos(REPORT_WARMUP_SECONDS);
		long end = measureFrom + TimeUnit.SECONDS.toNanos(REPORT_SECONDS);
		int windows = (REPORT_SECONDS + 4) / 5;
		AtomicLong[] perWindow = new AtomicLong[windows];
		Arrays.setAll(perWindow, (i) -> new AtomicLong());
		AtomicLong refused = new AtomicLong();
		AtomicLong acceptedInLeg = new AtomicLong();
		AtomicReference<String> firstRefusal = new AtomicReference<>();
		List<long[]> latencies = new ArrayList<>();
		double[] cpuBefore = cpu();
		List<CompletableFuture<Void>> pipelines = new ArrayList<>();
		for (Started release : releases) {
			long[] mine = new long[200_000];
			latencies.add(mine);
			pipelines.add(CompletableFuture.runAsync(() -> {
				int count = 0;
				for (int n = 0; System.nanoTime() < end; n++) {
					long sent = System.nanoTime();
					HttpResponse<String> answer = report(target, release, n, "green", 1000, 0);
					long done = System.nanoTime();
					if (answer.statusCode() != 201) {
						refused.incrementAndGet();
						firstRefusal.compareAndSet(null, answer.statusCode() + " " + answer.body());
						continue;
					}
					acceptedInLeg.incrementAndGet();
					if (done >= measureFrom && done < end) {
						perWindow[(int) Math.min(windows - 1, (done - measureFrom) / TimeUnit.SECONDS.toNanos(5))]
							.incrementAndGet();
						if (count < mine.length) {
							mine[count++] = done - sent;
						}
					}
				}
			}, (task) -> new Thread(task, "pipeline").start()));
		}
		CompletableFuture.allOf(pipelines.toArray(CompletableFuture[]::new))
			.get(REPORT_WARMUP_SECONDS + REPORT_SECONDS + 120L, TimeUnit.SECONDS);
		double[] cpuAfter = cpu();
		long accepted = Arrays.stream(perWindow).mapToLong(AtomicLong::get).sum();
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter((latency) -> latency > 0).sorted().toArray();
		System.out.printf("health reports %s, %d pipelines: %.0f reports/s over %d s (%d accepted; per 5 s: %s), "
				+ "%d refused%s; each report p50 %.1f ms, p99 %.1f ms; CPU ms per report over the whole leg "
				+ "(warm-up included): rollouts %.2f, gateway %.2f, Mongo-wire server %.2f, this JVM %.2f (load %s)%n",
				leg, REPORT_CLIENTS, accepted / (double) REPORT_SECONDS, REPORT_SECONDS, accepted,
				Arrays.stream(perWindow).map((window) -> String.valueOf(window.get() / 5)).toList(), refused.get(),
				(firstRefusal.get() != null) ? " (first: " + firstRefusal.get() + ")" : "",
				percentileMillis(all, 0.5), percentileMillis(all, 0.99),
				perReport(cpuBefore, cpuAfter, 0, acceptedInLeg.get()), perReport(cpuBefore, cpuAfter, 1, acceptedInLeg.get()),
				perReport(cpuBefore, cpuAfter, 2, acceptedInLeg.get()), perReport(cpuBefore, cpuAfter, 3, acceptedInLeg.get()),
				loadAverage());
		assertThat(refused.get()).as("refused reports").isZero();
	}

	// ---- the release's life, as the partner's engineer and pipeline live it

	/** A release in ring 1: declared, scheduled a moment ahead and started, its ring 1 gated at {@code bootGate} ‰. */
	private static Started newRelease(String version, int bootGate) throws Exception {
		String gates = "{\"maxCrashPerMille\":1000,\"maxBootFailurePerMille\":" + bootGate + ",\"minDevicesReporting\":1}";
		String body = "{\"workspaceId\":\"" + WORKSPACE + "\",\"product\":\"Bench sensor\",\"version\":\"" + RUN + "-"
				+ version + "\",\"kind\":\"CONTENT_UPDATE\",\"summary\":\"Benchmark release\",\"label\":\"TLP:AMBER\","
				+ "\"rings\":[{\"name\":\"Canary\",\"targetShare\":1,\"minSoak\":\"PT1S\",\"gates\":" + gates
				+ ",\"signOffOrganisations\":[\"host\"]},{\"name\":\"Everyone\",\"targetShare\":100,"
				+ "\"minSoak\":\"PT1S\",\"gates\":" + gates + ",\"signOffOrganisations\":[]}]}";
		// rollouts hears of the workspace through events: until then a declaration is refused, and tried again
		AtomicReference<HttpResponse<String>> declared = new AtomicReference<>();
		await(() -> {
			declared.set(send(request(rollouts.base(), "/api/rollouts/releases", engineerToken)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build()));
			return declared.get().statusCode() == 201;
		}, Duration.ofSeconds(60), "declared");
		String id = JSON.readTree(declared.get().body()).get("id").asString();
		// a moment ahead; when the answer takes longer than that (a loaded machine), "in the past": further ahead
		Instant start = null;
		HttpResponse<String> scheduled = null;
		for (long ahead = 250; scheduled == null || scheduled.statusCode() == 400 && ahead <= 8000; ahead *= 2) {
			start = Instant.now().plusMillis(ahead).truncatedTo(ChronoUnit.MILLIS);
			scheduled = send(request(rollouts.base(), "/api/rollouts/releases/" + id + "/schedule", engineerToken)
				.POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"" + start + "\"}"))
				.build());
		}
		assertThat(scheduled.statusCode()).as("scheduled: %s", scheduled.body()).isEqualTo(200);
		LockSupport.parkNanos(Duration.between(Instant.now(), start.plusMillis(20)).toNanos());
		HttpResponse<String> started = send(request(rollouts.base(), "/api/rollouts/releases/" + id + "/start",
				engineerToken)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(started.statusCode()).as("started: %s", started.body()).isEqualTo(200);
		JsonNode ring = JSON.readTree(started.body()).get("rings").get(0);
		return new Started(id, Instant.parse(ring.get("startedAt").asString()));
	}

	/**
	 * One report for ring 1 as the pipeline posts it (a new key each time), observed {@code n + 1} ms after the ring
	 * started, so each is newer than the last.
	 */
	private static HttpResponse<String> report(String target, Started release, int n, String kind, long reporting,
			long bootFailures) {
		String body = "{\"observedAt\":\"" + release.startedAt().plusMillis(n + 1L) + "\",\"devicesUpdated\":"
				+ (reporting + 100) + ",\"devicesReporting\":" + reporting + ",\"crashes\":0,\"bootFailures\":"
				+ bootFailures + ",\"rollbacks\":0}";
		return send(request(target, "/api/rollouts/releases/" + release.id() + "/rings/0/health", pipelineToken)
			.header("Idempotency-Key", kind + "-" + n)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	// ---- helpers

	private static Path jar(String module) {
		return Path.of(System.getProperty("bench." + module + "Jar", "../" + module + "/target/" + module + ".jar"));
	}

	private static Map<String, String> with(Map<String, String> map, String key, String value) {
		Map<String, String> copy = new LinkedHashMap<>(map);
		copy.put(key, value);
		return copy;
	}

	private static HttpRequest.Builder request(String base, String path, String token) {
		return HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(60));
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(request.uri() + ": " + ex, ex);
		}
	}

	private static String sign(Map<String, Object> claims) {
		FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
		return new FakeKeycloak.Token(claims, template.issuer(), template.audience(),
				Instant.now().plus(Duration.ofHours(3)), template.key())
			.sign();
	}

	private static void publish(String aggregateId, long version, Object event) {
		String type = EventTypes.typeOf(event.getClass());
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type,
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "workspace", aggregateId, version, JSON.valueToTree(event));
		new RabbitTemplate(BROKER).send("parley.events", type,
				MessageBuilder.withBody(JSON.writeValueAsBytes(envelope))
					.setContentType("application/json")
					.setMessageId(envelope.id().toString())
					.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
					.build());
	}

	/** Until no stream has had a notification for half a second: the release's own notices are all out. */
	private static void settle() {
		long quietSince = System.nanoTime();
		long seen = -1;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(500)) {
			long now = STREAMS_OPEN.stream().mapToLong(Stream::notifications).sum();
			if (now != seen) {
				seen = now;
				quietSince = System.nanoTime();
			}
			assertThat(System.nanoTime()).as("streams went quiet").isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
	}

	private static void await(BooleanSupplier done, Duration atMost, String what) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/** CPU seconds so far of rollouts, the gateway, the Mongo-wire server and this JVM. */
	private static double[] cpu() {
		return new double[] { rollouts.cpuSeconds(), gateway.cpuSeconds(),
				mongo.process().info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(Double.NaN),
				ProcessHandle.current().info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(Double.NaN) };
	}

	private static double perReport(double[] before, double[] after, int process, long reports) {
		return (after[process] - before[process]) * 1000 / Math.max(1, reports);
	}

	private static void summary(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d; load %s)%n", what,
				percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.90), percentileMillis(sorted, 0.99),
				sorted[sorted.length - 1] / 1e6, sorted.length, loadAverage());
	}

	/** A participant: a person of one of the participating organisations. */
	record Person(UUID id, String name, String organisation, String organisationType) {

		Map<String, Object> claims(List<String> roles) {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("sub", this.id.toString());
			claims.put("name", this.name);
			claims.put("preferred_username", "bench." + this.id.toString().substring(0, 8));
			claims.put("org", this.organisation);
			claims.put("org_type", this.organisationType);
			claims.put("realm_access", Map.of("roles", roles));
			return claims;
		}

		String token(List<String> roles) {
			return sign(claims(roles));
		}

	}

	/** A release in ring 1 and when that ring started (reports must be observed after it). */
	record Started(String id, Instant startedAt) {
	}

	/** One person's notification stream through the gateway, read line by line without a thread of its own. */
	static final class Stream extends EventStreamLines {

		private final AtomicLong notifications = new AtomicLong();

		private volatile boolean connected;

		private volatile String watched = "";

		private volatile long haltAt;

		private CompletableFuture<HttpResponse<Void>> response;

		static Stream open(String gateway, String cookies) {
			Stream stream = new Stream();
			stream.response = STREAMS.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/api/notifications/stream"))
				.header("Cookie", cookies)
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.fromLineSubscriber(stream));
			return stream;
		}

		boolean connected() {
			return this.connected;
		}

		long notifications() {
			return this.notifications.get();
		}

		/** From now on, the arrival of the halt of {@code releaseId} is taken. */
		void watch(String releaseId) {
			this.haltAt = 0;
			this.watched = releaseId;
		}

		boolean sawHalt() {
			return this.haltAt != 0;
		}

		long haltAt() {
			return this.haltAt;
		}

		@Override
		protected void data(String event, String data) {
			if (event.equals("unread")) {
				this.connected = true;
			}
			else if (event.equals("notification")) {
				long now = System.nanoTime();
				this.notifications.incrementAndGet();
				if (this.haltAt == 0 && !this.watched.isEmpty() && data.contains("rollouts.release.halted")
						&& data.contains(this.watched)) {
					this.haltAt = now;
				}
			}
		}

		void close() {
			cancel();
			this.response.cancel(true);
		}

	}

}
