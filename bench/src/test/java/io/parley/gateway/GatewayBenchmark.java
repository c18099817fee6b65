package io.parley.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.bench.GatewaySignIn;
import io.parley.bench.ServiceJvm;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.documents.MongoWireServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.parley.bench.Figures.loadAverage;
import static io.parley.bench.Figures.median;
import static io.parley.bench.Figures.percentileMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's hot path (issue 14): a signed-in {@code GET /api/identity/me} through the gateway (session cookie)
 * against the same request sent directly to identity (bearer token), both driven by {@code wrk}.
 * <p>
 * Three JVMs besides this one: <b>identity</b> and the <b>gateway</b> ({@code java -Xmx512m -jar
 * <module>/target/<module>.jar}, configured by environment as devstack configures them; the gateway with its shipped
 * defaults: rate limit on, trace sampling as shipped) and the embedded <b>Mongo-wire server</b>. This JVM runs the fake
 * realm (platform's {@code FakeKeycloak}) and signs in {@code bench.sessions} (200) people through the gateway as a
 * browser does ({@link GatewaySignIn}: the authorization code flow, the gateway's own code exchange and session). Each
 * person also gets an access token with the same claims for the direct leg. Identity runs with the gateway's shipped
 * trace sampling ({@code bench.identitySampling}, 0.1) so that both legs trace alike.
 * <ol>
 * <li><b>Throughput</b>: {@code wrk -t2 -c16} ({@code bench.threads}, {@code bench.connections}) for
 * {@code bench.seconds} (15) per run, each request with the next person's credential ({@code rotate.lua}): 200
 * sessions share the load, so each makes a few requests per second and the per-session rate limit (20/s) is on the path
 * but never trips (any non-2xx fails the benchmark). After {@code bench.warmupSeconds} (20) of each leg not counted,
 * {@code bench.pairs} (5) pairs in turning order (direct first, then gateway first, ...); the ratio gateway/direct is
 * taken per pair and the median reported, as RelayBenchmark does.</li>
 * <li><b>Latency at one connection</b>: {@code wrk -t1 -c1}, {@code bench.latencySeconds} (15) per run,
 * {@code bench.latencyPairs} (3) pairs in turning order; wrk's p50/p99 (wrk measures each request from its send, one
 * request in flight, so no coordinated omission at one connection). Added = gateway − direct, per pair, median.</li>
 * <li><b>p99 at half the gateway's peak rate</b>: a constant-rate (open-loop) client in this JVM (JDK
 * {@code HttpClient}, asynchronous, its own connection pool): request <i>i</i> is due at start + <i>i</i>/rate and its
 * latency counts from when it was <b>due</b>, not when it was sent, so a stall is not hidden (Debian's wrk has no
 * {@code -R}). Rate = half the median gateway throughput of part 1; {@code bench.rateSeconds} (20) per leg after 5 s not
 * counted, both legs at the same rate, {@code bench.ratePairs} (2) pairs in turning order.</li>
 * </ol>
 * CPU per request of each JVM (its CPU time over the run divided by the requests) is printed with each run: a figure
 * the machine's load moves less than the rates.
 */
class GatewayBenchmark {

	private static final int SESSIONS = Integer.getInteger("bench.sessions", 200);

	private static final int THREADS = Integer.getInteger("bench.threads", 2);

	private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 15);

	private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 20);

	private static final int PAIRS = Integer.getInteger("bench.pairs", 5);

	private static final int LATENCY_SECONDS = Integer.getInteger("bench.latencySeconds", 15);

	private static final int LATENCY_PAIRS = Integer.getInteger("bench.latencyPairs", 3);

	private static final int RATE_SECONDS = Integer.getInteger("bench.rateSeconds", 20);

	private static final int RATE_PAIRS = Integer.getInteger("bench.ratePairs", 2);

	private static final String SERVICE_HEAP = System.getProperty("bench.serviceHeap", "512m");

	private static final String PATH = "/api/identity/me";

	private static final Pattern WRK_LINE = Pattern.compile("WRK requests=(\\d+) duration_us=(\\d+) connect=(\\d+) "
			+ "read=(\\d+) write=(\\d+) timeout=(\\d+) non2xx=(\\d+) p50=(\\d+) p90=(\\d+) p99=(\\d+) max=(\\d+) "
			+ "mean=([\\d.]+)");

	private static MongoWireServer.Launched mongo;

	private static ServiceJvm identity;

	private static ServiceJvm gateway;

	private static Path work;

	private static Leg direct;

	private static Leg viaGateway;

	@BeforeAll
	static void start() throws Exception {
		work = Files.createDirectories(Path.of("target", "gateway-bench").toAbsolutePath());
		Path script = work.resolve("rotate.lua");
		try (var lua = GatewayBenchmark.class.getResourceAsStream("/gateway/rotate.lua")) {
			Files.write(script, lua.readAllBytes());
		}
		mongo = MongoWireServer.launch("gateway-bench-mongo", System.getProperty("bench.mongoHeap", "1g"), "");
		Map<String, String> identityEnv = new LinkedHashMap<>();
		identityEnv.put("MONGODB_URI", mongo.uri());
		identityEnv.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		identityEnv.put("RABBITMQ_HOST", "127.0.0.1");
		identityEnv.put("SMTP_PORT", "1");
		identityEnv.put("TRACING_SAMPLING_PROBABILITY", System.getProperty("bench.identitySampling", "0.1"));
		identity = ServiceJvm.start("gateway-bench-identity", jar("identity"), SERVICE_HEAP, "IDENTITY_PORT",
				identityEnv, "/actuator/health/liveness");
		Map<String, String> gatewayEnv = new LinkedHashMap<>();
		gatewayEnv.put("GATEWAY_MANAGEMENT_PORT", "0");
		gatewayEnv.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		gatewayEnv.put("IDENTITY_URI", identity.base());
		gatewayEnv.put("PARLEY_GATEWAY_CLIENT_SECRET", "bench");
		// A/B of a setting without a rebuild, e.g. -Dbench.gatewayEnv=TRACING_SAMPLING_PROBABILITY=1.0
		for (String setting : System.getProperty("bench.gatewayEnv", "").split(",")) {
			if (setting.contains("=")) {
				gatewayEnv.put(setting.substring(0, setting.indexOf('=')).trim(),
						setting.substring(setting.indexOf('=') + 1).trim());
			}
		}
		System.out.printf("gateway environment: %s%n", gatewayEnv);
		gateway = ServiceJvm.start("gateway-bench-gateway", jar("gateway"), SERVICE_HEAP, "GATEWAY_PORT", gatewayEnv,
				"/livez");

		List<String> cookies = new ArrayList<>();
		List<String> bearers = new ArrayList<>();
		long signingIn = System.nanoTime();
		HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < SESSIONS; i++) {
			Map<String, Object> claims = claims(i);
			HttpClient browser = GatewaySignIn.browser();
			GatewaySignIn.signIn(browser, gateway.base(), claims, (String) claims.get("name"), PATH);
			cookies.add(GatewaySignIn.cookieHeader(browser));
			String bearer = "Bearer " + sign(claims);
			HttpResponse<String> me = plain.send(HttpRequest.newBuilder(URI.create(identity.base() + PATH))
				.header("Authorization", bearer)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(me.statusCode()).as("direct %s: %s", PATH, me.body()).isEqualTo(200);
			bearers.add(bearer);
		}
		System.out.printf("%d people signed in through the gateway (%.1f s), load %s%n", SESSIONS,
				(System.nanoTime() - signingIn) / 1e9, loadAverage());
		direct = new Leg("direct", identity.base(), "Authorization", bearers, write("bearers.txt", bearers));
		viaGateway = new Leg("gateway", gateway.base(), "Cookie", cookies, write("cookies.txt", cookies));
	}

	@AfterAll
	static void stop() {
		for (ServiceJvm service : new ServiceJvm[] { gateway, identity }) {
			if (service != null) {
				service.close();
			}
		}
		if (mongo != null) {
			mongo.close();
		}
	}

	@Test
	void signedInGetThroughTheGatewayAgainstDirect() throws Exception {
		System.out.printf("warm-up: %d s per leg at %d connections, load %s%n", WARMUP_SECONDS, CONNECTIONS,
				loadAverage());
		wrk(direct, THREADS, CONNECTIONS, WARMUP_SECONDS);
		wrk(viaGateway, THREADS, CONNECTIONS, WARMUP_SECONDS);

		double[] ratios = new double[PAIRS];
		double[] gatewayRates = new double[PAIRS];
		for (int pair = 0; pair < PAIRS; pair++) {
			Run first = wrk((pair % 2 == 0) ? direct : viaGateway, THREADS, CONNECTIONS, SECONDS);
			Run second = wrk((pair % 2 == 0) ? viaGateway : direct, THREADS, CONNECTIONS, SECONDS);
			Run d = (pair % 2 == 0) ? first : second;
			Run g = (pair % 2 == 0) ? second : first;
			ratios[pair] = g.rate() / d.rate();
			gatewayRates[pair] = g.rate();
			System.out.printf("pair %d: direct %.0f req/s, gateway %.0f req/s, ratio %.2f%n", pair + 1, d.rate(),
					g.rate(), ratios[pair]);
		}
		System.out.printf("THROUGHPUT %d connections: ratios %s, median %.2f (goal >= 0.5), load %s%n", CONNECTIONS,
				Arrays.toString(round(ratios)), median(ratios), loadAverage());

		double[] addedP50 = new double[LATENCY_PAIRS];
		double[] addedP99 = new double[LATENCY_PAIRS];
		for (int pair = 0; pair < LATENCY_PAIRS; pair++) {
			Run first = wrk((pair % 2 == 0) ? direct : viaGateway, 1, 1, LATENCY_SECONDS);
			Run second = wrk((pair % 2 == 0) ? viaGateway : direct, 1, 1, LATENCY_SECONDS);
			Run d = (pair % 2 == 0) ? first : second;
			Run g = (pair % 2 == 0) ? second : first;
			addedP50[pair] = g.p50Millis() - d.p50Millis();
			addedP99[pair] = g.p99Millis() - d.p99Millis();
		}
		System.out.printf("ONE CONNECTION: added p50 %s ms, median %.2f ms (goal <= 1); added p99 %s ms, median %.2f"
				+ " ms; load %s%n", Arrays.toString(round(addedP50)), median(addedP50), Arrays.toString(round(addedP99)),
				median(addedP99), loadAverage());

		double rate = median(gatewayRates) / 2;
		double[] gatewayP99 = new double[RATE_PAIRS];
		double[] rateAddedP99 = new double[RATE_PAIRS];
		for (int pair = 0; pair < RATE_PAIRS; pair++) {
			Latencies first = constantRate((pair % 2 == 0) ? direct : viaGateway, rate);
			Latencies second = constantRate((pair % 2 == 0) ? viaGateway : direct, rate);
			Latencies d = (pair % 2 == 0) ? first : second;
			Latencies g = (pair % 2 == 0) ? second : first;
			gatewayP99[pair] = g.p99();
			rateAddedP99[pair] = g.p99() - d.p99();
		}
		System.out.printf("HALF PEAK %.0f req/s: gateway p99 %s ms, added p99 %s ms, median added %.2f ms (goal <= 3);"
				+ " load %s%n", rate, Arrays.toString(round(gatewayP99)), Arrays.toString(round(rateAddedP99)),
				median(rateAddedP99), loadAverage());
	}

	/** One run of wrk against {@code leg}; every answer must be 200 (a 429 would mean the rate limit tripped). */
	private static Run wrk(Leg leg, int threads, int connections, int seconds) throws Exception {
		double identityCpu = cpuSecondsBesidesJit(identity);
		double gatewayCpu = cpuSecondsBesidesJit(gateway);
		List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
				"--timeout", "10s", "-s", work.resolve("rotate.lua").toString(), leg.base() + PATH, "--", leg.header(),
				leg.file().toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			reader.lines().forEach((line) -> output.append(line).append('\n'));
		}
		assertThat(process.waitFor(seconds + 60L, TimeUnit.SECONDS)).as("wrk ended").isTrue();
		Matcher m = WRK_LINE.matcher(output);
		assertThat(m.find()).as("wrk's summary line in: %s", output).isTrue();
		Run run = new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(8)),
				Long.parseLong(m.group(10)), Long.parseLong(m.group(11)));
		long errors = Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)) + Long.parseLong(m.group(5))
				+ Long.parseLong(m.group(6));
		assertThat(errors).as("%s: socket errors or timeouts: %s", leg.name(), output).isZero();
		assertThat(Long.parseLong(m.group(7))).as("%s: answers other than 2xx/3xx: %s", leg.name(), output).isZero();
		double identityMs = (cpuSecondsBesidesJit(identity) - identityCpu) * 1000 / run.requests();
		double gatewayMs = (cpuSecondsBesidesJit(gateway) - gatewayCpu) * 1000 / run.requests();
		System.out.printf("  %-7s -t%d -c%-2d %2d s: %6.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms; CPU per "
				+ "request (JIT compiler threads left out): identity %.2f ms, gateway %.2f ms; load %s%n", leg.name(), threads, connections, seconds,
				run.rate(), run.p50Millis(), run.p99Millis(), run.maxMicros() / 1000.0, identityMs, gatewayMs,
				loadAverage());
		return run;
	}

	/**
	 * {@code rate} requests per second for 5 s (not counted) then {@code bench.rateSeconds}, each due at a fixed time
	 * and timed from then (open loop).
	 */
	private static Latencies constantRate(Leg leg, double rate) throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		int warmup = (int) (rate * 5);
		int measured = (int) (rate * RATE_SECONDS);
		int total = warmup + measured;
		long period = (long) (1e9 / rate);
		long[] latencies = new long[total];
		AtomicInteger failures = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(total);
		List<HttpRequest> requests = leg.values()
			.stream()
			.map((value) -> HttpRequest.newBuilder(URI.create(leg.base() + PATH))
				.header(leg.header(), value)
				.timeout(Duration.ofSeconds(10))
				.build())
			.toList();
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		for (int i = 0; i < total; i++) {
			long due = start + i * period;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			client.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, ex) -> {
					latencies[index] = System.nanoTime() - due;
					if (ex != null || response.statusCode() != 200) {
						failures.incrementAndGet();
					}
					done.countDown();
				});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).as("all answered").isTrue();
		assertThat(failures.get()).as("%s at %.0f req/s: failed or not 200", leg.name(), rate).isZero();
		long[] counted = Arrays.copyOfRange(latencies, warmup, total);
		Arrays.sort(counted);
		Latencies result = new Latencies(percentileMillis(counted, 0.5), percentileMillis(counted, 0.99),
				percentileMillis(counted, 0.999), counted[counted.length - 1] / 1e6);
		System.out.printf("  %-7s %.0f req/s constant, %d requests: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms;"
				+ " load %s%n", leg.name(), rate, measured, result.p50(), result.p99(), result.p999(), result.max(),
				loadAverage());
		return result;
	}

	/**
	 * CPU seconds {@code service}'s threads have used so far, its JIT compiler threads left out (Linux
	 * {@code /proc/<pid>/task/<tid>/stat}, user + system): on this shared 2-core machine the compilers go on for
	 * minutes after the warm-up and would make every request look dearer than it is. GC threads count: what a request
	 * allocates is its cost too.
	 */
	private static double cpuSecondsBesidesJit(ServiceJvm service) {
		long ticks = 0;
		try (var tasks = Files.list(Path.of("/proc", Long.toString(service.process().pid()), "task"))) {
			for (Path task : tasks.toList()) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // the thread ended meanwhile
				}
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				if (name.contains("CompilerThre")) {
					continue;
				}
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// fields after the name start at field 3 (state): utime is field 14, stime field 15
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		return ticks / 100.0; // USER_HZ
	}

	private static Map<String, Object> claims(int i) {
		UUID id = UUID.nameUUIDFromBytes(("gateway-bench-" + i).getBytes(StandardCharsets.UTF_8));
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", id.toString());
		claims.put("name", "Bench person " + i);
		claims.put("preferred_username", "bench." + id.toString().substring(0, 8));
		claims.put("email", "bench-" + i + "@acme-security.example");
		claims.put("org", "acme-security");
		claims.put("org_type", "VENDOR");
		claims.put("realm_access", Map.of("roles", List.of("member")));
		return claims;
	}

	private static String sign(Map<String, Object> claims) {
		FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
		return new FakeKeycloak.Token(claims, template.issuer(), template.audience(),
				Instant.now().plus(Duration.ofHours(3)), template.key())
			.sign();
	}

	private static Path write(String name, List<String> lines) throws IOException {
		return Files.write(work.resolve(name), lines);
	}

	private static Path jar(String module) {
		return Path.of(System.getProperty("bench." + module + "Jar", "../" + module + "/target/" + module + ".jar"));
	}

	private static double[] round(double[] values) {
		return Arrays.stream(values).map((v) -> Math.round(v * 100) / 100.0).toArray();
	}

	/** How one leg is called: its base URL and the header (with one value per person) that says who is asking. */
	record Leg(String name, String base, String header, List<String> values, Path file) {
	}

	record Run(long requests, double seconds, long p50Micros, long p99Micros, long maxMicros) {

		double rate() {
			return this.requests / this.seconds;
		}

		double p50Millis() {
			return this.p50Micros / 1000.0;
		}

		double p99Millis() {
			return this.p99Micros / 1000.0;
		}

	}

	record Latencies(double p50, double p99, double p999, double max) {
	}

}
