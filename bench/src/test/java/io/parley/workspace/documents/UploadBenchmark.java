package io.parley.workspace.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import io.parley.bench.GatewaySignIn;
import io.parley.bench.ServiceJvm;
import io.parley.platform.test.FakeKeycloak;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import static io.parley.bench.Figures.loadAverage;
import static io.parley.bench.Figures.median;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Document uploads of the workspace service (issue 5), which this benchmark starts in its own JVM from
 * {@code workspace/target/workspace.jar} with {@code -Xmx256m}, against the embedded Mongo-wire server (memory
 * backend; {@code -Dbench.mongoBackend=h2}: the H2 backend devstack runs the portal on, writing to a file) in a third
 * JVM with a heap for the gigabytes of chunks ({@link MongoWireServer}), the fake realm's JWKS in
 * this JVM and the local RabbitMQ. Uploads are JDK HttpClient requests whose multipart body is generated while it is
 * sent (no file, no byte[] of the content). Measured, one after the other:
 * <ol>
 * <li>one {@code bench.singleMiB} (200) MiB file: multipart upload through the gateway, and to the service directly,
 * vs the MongoDB driver's {@code GridFSBucket.uploadFromStream} of the same bytes into the same server:
 * {@code bench.rounds} (9) rounds of the three legs (their order turning), after {@code bench.warmups} (20: until
 * the JIT compilers of all four JVMs are quiet), every leg starting from the same server ({@link #settle}); per JVM,
 * the CPU seconds of its thread groups over the measured rounds;</li>
 * <li>{@code bench.concurrent} (8) concurrent uploads of {@code bench.concurrentMiB} (500) MiB each: all must answer
 * 201 with the right size, and the service's heap is sampled from {@code /actuator/prometheus} every 200 ms (heap
 * used as it comes, garbage included) and every {@code bench.gcEverySeconds} (2) s right after a forced full GC
 * ({@code jcmd <pid> GC.run}), both against a baseline taken after a full GC before the uploads.</li>
 * </ol>
 * The gateway leg runs {@code gateway/target/gateway.jar} in a JVM of its own ({@code -Xmx512m}) in front of the
 * service, with a browser session obtained by walking the authorization code flow against the fake realm (its
 * WireMock answers the token and userinfo endpoints the gateway calls); {@code -Dbench.gateway=false} leaves it out.
 */
class UploadBenchmark {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String QUEUE = "workspace-bench-" + RUN;

	private static final long MIB = 1024L * 1024L;

	private static final long SINGLE = Long.getLong("bench.singleMiB", 200) * MIB;

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 9);

	private static final int CONCURRENT = Integer.getInteger("bench.concurrent", 8);

	private static final long CONCURRENT_SIZE = Long.getLong("bench.concurrentMiB", 500) * MIB;

	private static final String SERVICE_HEAP = System.getProperty("bench.serviceHeap", "256m");

	private static final boolean GATEWAY = Boolean.parseBoolean(System.getProperty("bench.gateway", "true"));

	private static final int WARMUPS = Integer.getInteger("bench.warmups", 20);

	/** The same chunk size as the service's bucket ({@code DocumentContents}). */
	private static final int CHUNK = 255 * 1024;

	/**
	 * Content = this random MiB over and over. Its first 64 KiB are what {@code StreamingUploadTests} sends too
	 * (Random(0)): bytes Tika recognises as nothing, so {@code application/octet-stream} is accepted.
	 */
	private static final byte[] PATTERN = new byte[(int) MIB];

	static {
		new Random(0).nextBytes(PATTERN);
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	/** The browser: cookies (SESSION, XSRF-TOKEN) kept, redirects not followed. */
	private static final HttpClient BROWSER = GatewaySignIn.browser();

	private static Process gateway;

	private static String gatewayBase;

	private static String xsrf;

	private static MongoWireServer.Launched mongoServer;

	private static String mongoUri;

	private static MongoClient mongo;

	private static Process service;

	private static Path log;

	private static String base;

	private static UUID workspace;

	@BeforeAll
	static void start() throws Exception {
		Path jar = Path.of(System.getProperty("bench.workspaceJar", "../workspace/target/workspace.jar"));
		assertThat(jar).as("build it in the same reactor: ./mvnw -pl workspace,bench -am -Pbench verify ...").exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path target = Files.createDirectories(Path.of("target"));

		String backend = ("h2".equals(System.getProperty("bench.mongoBackend", "memory")))
				? " -Dmongo.h2File=" + target.toAbsolutePath().resolve("upload-bench.mv.db") : "";
		mongoServer = MongoWireServer.launch("upload-bench-mongo", System.getProperty("bench.mongoHeap", "8g"),
				System.getProperty("bench.mongoJvmArgs", "") + backend);
		mongoUri = mongoServer.uri();
		mongo = MongoClients.create(mongoUri);

		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		base = "http://127.0.0.1:" + port;
		log = target.resolve("upload-bench-workspace.log");
		long limitMiB = Math.max(SINGLE, CONCURRENT_SIZE) / MIB + 1;
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + SERVICE_HEAP, "-XX:+ExitOnOutOfMemoryError"));
		// e.g. -Dbench.serviceJvmArgs=-XX:StartFlightRecording=filename=target/workspace.jfr,settings=profile
		command.addAll(extraJvmArgs("bench.serviceJvmArgs"));
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.put("MONGODB_URI", mongoUri);
		env.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		env.put("RABBITMQ_HOST", "127.0.0.1");
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("DOCUMENTS_MAX_FILE_SIZE", limitMiB + "MB");
		env.put("DOCUMENTS_MAX_REQUEST_SIZE", (limitMiB + 1) + "MB");
		env.put("WORKSPACE_EVENTS_QUEUE", QUEUE);
		service = builder.start();
		Process startedService = service;
		Runtime.getRuntime().addShutdownHook(new Thread(startedService::destroyForcibly));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (!ServiceJvm.ok(base + "/actuator/health/liveness")) {
			assertThat(service.isAlive()).as("workspace service; its log: %s", log).isTrue();
			assertThat(System.nanoTime()).as("workspace service started; its log: %s", log).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
		}
		System.out.printf("workspace up (pid %d, -Xmx%s, log %s), Mongo-wire server pid %d at %s%n", service.pid(),
				SERVICE_HEAP, log.toAbsolutePath(), mongoServer.process().pid(), mongoUri);
		workspace = createWorkspace();
		if (GATEWAY) {
			startGateway(java, target);
		}
	}

	/** The gateway in front of the service, and a browser session in it (the authorization code flow). */
	private static void startGateway(String java, Path target) throws Exception {
		Path jar = Path.of(System.getProperty("bench.gatewayJar", "../gateway/target/gateway.jar"));
		assertThat(jar).as("build it in the same reactor: ./mvnw -pl workspace,gateway,bench -am -Pbench verify ...")
			.exists();
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		gatewayBase = "http://127.0.0.1:" + port;
		Path gatewayLog = target.resolve("upload-bench-gateway.log");
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx" + System.getProperty("bench.gatewayHeap", "512m"), "-XX:+ExitOnOutOfMemoryError"));
		command.addAll(extraJvmArgs("bench.gatewayJvmArgs"));
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(gatewayLog.toFile());
		Map<String, String> env = builder.environment();
		env.put("GATEWAY_PORT", Integer.toString(port));
		// its actuator on a port of its own (ADR 0023); any free one, the bench reads only /livez
		env.put("GATEWAY_MANAGEMENT_PORT", "0");
		env.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		env.put("WORKSPACE_URI", base);
		env.put("PARLEY_GATEWAY_CLIENT_SECRET", "bench");
		gateway = builder.start();
		Process started = gateway;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (!ServiceJvm.ok(gatewayBase + "/livez")) {
			assertThat(gateway.isAlive()).as("gateway; its log: %s", gatewayLog).isTrue();
			assertThat(System.nanoTime()).as("gateway started; its log: %s", gatewayLog).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
		}

		// a browser session: the authorization code flow against the fake realm (GatewaySignIn)
		xsrf = GatewaySignIn.signIn(BROWSER, gatewayBase, FakeKeycloak.get().tokenFor("partner-engineer").claims(),
				"Bench Engineer", "/api/workspaces/" + workspace + "/documents");
		System.out.printf("gateway up (pid %d, log %s), browser session established%n", gateway.pid(),
				gatewayLog.toAbsolutePath());
	}

	/** JVM options from a system property, e.g. a JFR recording; none when it is not set. */
	private static List<String> extraJvmArgs(String property) {
		String extra = System.getProperty(property, "");
		return extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
	}

	@AfterAll
	static void stop() throws Exception {
		if (gateway != null) {
			gateway.destroy();
			gateway.waitFor(30, TimeUnit.SECONDS);
		}
		if (service != null) {
			service.destroy();
			service.waitFor(30, TimeUnit.SECONDS);
		}
		if (mongo != null) {
			mongo.close();
		}
		if (mongoServer != null) {
			mongoServer.close();
		}
		CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1");
		try {
			RabbitAdmin admin = new RabbitAdmin(broker);
			admin.deleteQueue(QUEUE);
			admin.deleteQueue(QUEUE + ".dlq");
		}
		finally {
			broker.destroy();
		}
	}

	@Test
	void singleUploadAgainstDirectGridFsThenConcurrentUploadsInSmallHeap() throws Exception {
		singleUpload();
		concurrentUploads();
	}

	private void singleUpload() throws Exception {
		GridFSBucket direct = GridFSBuckets.create(mongo.getDatabase("bench-direct"), "contents");
		// warm-up: JIT in all JVMs, connections, collections and indexes
		for (int i = 0; i < WARMUPS; i++) {
			settle(direct);
			double directRate = rate(timeDirect(direct, SINGLE));
			settle(direct);
			double serviceRate = rate(timeService(base, SINGLE));
			settle(direct);
			double gatewayRate = GATEWAY ? rate(timeService(gatewayBase, SINGLE)) : Double.NaN;
			System.out.printf("warm-up %d: direct GridFS %.1f MB/s, service %.1f MB/s, gateway %.1f MB/s%n", i + 1,
					directRate, serviceRate, gatewayRate);
		}
		double[] directRates = new double[ROUNDS];
		double[] serviceRates = new double[ROUNDS];
		double[] gatewayRates = new double[ROUNDS];
		double[] gatewayRatios = new double[ROUNDS];
		double[] serviceRatios = new double[ROUNDS];
		// CPU seconds of each JVM (service, gateway, Mongo-wire server, this one) per leg and round: what a leg
		// costs, whatever the machine's load does to its time
		double[][][] cpu = new double[3][ROUNDS][];
		List<Map<String, Double>> threadsBefore = threadCpuOfEach();
		for (int round = 0; round < ROUNDS; round++) {
			// the order of the three legs turns with each round, so that none always runs on the coldest server
			gatewayRates[round] = Double.NaN;
			for (int leg = 0; leg < 3; leg++) {
				int kind = (leg + round) % 3;
				settle(direct);
				double[] before = cpu();
				switch (kind) {
					case 0 -> directRates[round] = rate(timeDirect(direct, SINGLE));
					case 1 -> serviceRates[round] = rate(timeService(base, SINGLE));
					default -> gatewayRates[round] = GATEWAY ? rate(timeService(gatewayBase, SINGLE)) : Double.NaN;
				}
				double[] after = cpu();
				cpu[kind][round] = new double[after.length];
				Arrays.setAll(cpu[kind][round], (i) -> after[i] - before[i]);
			}
			gatewayRatios[round] = gatewayRates[round] / directRates[round];
			serviceRatios[round] = serviceRates[round] / directRates[round];
			System.out.printf("round %d, %d MiB: direct GridFS %.1f MB/s; gateway %.1f MB/s (%.2f); "
					+ "service without gateway %.1f MB/s (%.2f); CPU s service/gateway: %.2f/%.2f through the "
					+ "gateway, %.2f without; load average %s%n", round + 1, SINGLE / MIB, directRates[round],
					gatewayRates[round], gatewayRates[round] / directRates[round], serviceRates[round],
					serviceRates[round] / directRates[round], cpu[2][round][0], cpu[2][round][1], cpu[1][round][0],
					loadAverage());
		}
		settle(direct);
		printThreadCpu(threadsBefore, threadCpuOfEach());
		double directMedian = median(directRates);
		double serviceMedian = median(serviceRates);
		double gatewayMedian = GATEWAY ? median(gatewayRates) : Double.NaN;
		System.out.printf("single %d MiB upload, medians of %d rounds: direct GridFS %.1f MB/s; through the gateway "
				+ "%.1f MB/s; service without gateway %.1f MB/s; median of the rounds' ratios: gateway / direct %.2f "
				+ "(goal >= 0.5), service / direct %.2f%n", SINGLE / MIB, ROUNDS, directMedian, gatewayMedian,
				serviceMedian, median(gatewayRatios), median(serviceRatios));
		String[] legs = { "direct GridFS", "service without gateway", "through the gateway" };
		for (int kind = 0; kind < 3; kind++) {
			double[][] rounds = cpu[kind];
			System.out.printf("CPU seconds per %d MiB upload, median of %d rounds, %s: service %.2f, gateway %.2f, "
					+ "Mongo-wire server %.2f, client %.2f%n", SINGLE / MIB, ROUNDS, legs[kind],
					median(column(rounds, 0)), median(column(rounds, 1)), median(column(rounds, 2)),
					median(column(rounds, 3)));
		}
		mongo.getDatabase("bench-direct").drop();
	}

	/** CPU seconds so far of the service, the gateway (NaN without), the Mongo-wire server and this JVM. */
	private static double[] cpu() {
		return new double[] { cpuSeconds(service.toHandle()),
				(gateway != null) ? cpuSeconds(gateway.toHandle()) : Double.NaN, cpuSeconds(mongoServer.process().toHandle()),
				cpuSeconds(ProcessHandle.current()) };
	}

	/** CPU seconds so far of each thread group ({@link #threadCpu}) of the service, the gateway and the Mongo-wire server. */
	private static List<Map<String, Double>> threadCpuOfEach() {
		return List.of(threadCpu(service.pid()), (gateway != null) ? threadCpu(gateway.pid()) : Map.of(),
				threadCpu(mongoServer.process().pid()));
	}

	/**
	 * CPU seconds (user + system) so far of a process's live threads from {@code /proc/<pid>/task}, summed by name with
	 * the digits taken out ("http-nio-#-exec-#", "C# CompilerThre", "GC Thread#"): which kind of thread the measured
	 * rounds cost. Threads that end between two readings are not in the difference.
	 */
	private static Map<String, Double> threadCpu(long pid) {
		Map<String, Double> groups = new TreeMap<>();
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
					String stat = Files.readString(task.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// fields after the name: state is 0, utime 11, stime 12 (clock ticks of 1/100 s)
					double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
					groups.merge(name, seconds, Double::sum);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while being read
				}
			});
		}
		catch (IOException ex) {
			// not Linux, or the process is gone: nothing to tell
		}
		return groups;
	}

	/** Per JVM, the thread groups that used at least 0.05 CPU s between the two readings, most first. */
	private static void printThreadCpu(List<Map<String, Double>> before, List<Map<String, Double>> after) {
		String[] jvms = { "service", "gateway", "Mongo-wire server" };
		for (int i = 0; i < jvms.length; i++) {
			Map<String, Double> start = before.get(i);
			String groups = after.get(i).entrySet().stream()
				.map((group) -> Map.entry(group.getKey(), group.getValue() - start.getOrDefault(group.getKey(), 0.0)))
				.filter((group) -> group.getValue() >= 0.05)
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.map((group) -> String.format("%s %.2f", group.getKey(), group.getValue()))
				.collect(Collectors.joining(", "));
			System.out.printf("CPU seconds of the measured rounds by thread, %s: %s%n", jvms[i], groups);
		}
	}

	private static double cpuSeconds(ProcessHandle process) {
		return process.info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(Double.NaN);
	}

	private static double[] column(double[][] rows, int column) {
		return Arrays.stream(rows).mapToDouble((row) -> row[column]).toArray();
	}

	/**
	 * Every leg starts from the same server: the contents of the legs before are deleted and the Mongo-wire server's
	 * heap is collected, so that no leg pays for collecting (copying) another leg's chunks. A real mongod has no such
	 * cost; in the JVM stand-in it was most of the server's CPU and made one leg's rate vary fivefold.
	 */
	private static void settle(GridFSBucket direct) throws Exception {
		deleteAll(direct);
		deleteAll(GridFSBuckets.create(mongo.getDatabase("workspace"), "contents"));
		jcmd((int) mongoServer.process().pid(), "GC.run");
	}

	private static void deleteAll(GridFSBucket bucket) {
		List<ObjectId> stored = new ArrayList<>();
		bucket.find().forEach((GridFSFile file) -> stored.add(file.getObjectId()));
		stored.forEach(bucket::delete);
	}

	/** MB/s (10^6 bytes) of a {@link #SINGLE} upload that took {@code nanos}. */
	private static double rate(long nanos) {
		return SINGLE / 1e6 / (nanos / 1e9);
	}

	private void concurrentUploads() throws Exception {
		int pid = (int) service.pid();
		jcmd(pid, "GC.run");
		LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
		jcmd(pid, "GC.run");
		double baseline = heapUsed();
		System.out.printf("service heap used after full GC, before the uploads: %.1f MiB%n", baseline / MIB);

		AtomicBoolean uploading = new AtomicBoolean(true);
		double[] maxRaw = { 0 };
		double[] maxAfterGc = { 0 };
		List<String> afterGcSamples = Collections.synchronizedList(new ArrayList<>());
		// a forced full GC every few seconds while the uploads run (12-20 s here): several samples of what they keep
		long gcEvery = TimeUnit.SECONDS.toNanos(Long.getLong("bench.gcEverySeconds", 2));
		Thread sampler = new Thread(() -> {
			long nextGc = System.nanoTime() + gcEvery;
			while (uploading.get()) {
				try {
					maxRaw[0] = Math.max(maxRaw[0], heapUsed());
					if (System.nanoTime() > nextGc) {
						jcmd(pid, "GC.run");
						double used = heapUsed();
						maxAfterGc[0] = Math.max(maxAfterGc[0], used);
						afterGcSamples.add(String.format("%.1f", used / MIB));
						nextGc = System.nanoTime() + gcEvery;
					}
				}
				catch (Exception ex) {
					System.out.println("heap sample failed: " + ex);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			}
		}, "heap-sampler");

		long start = System.nanoTime();
		sampler.start();
		List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
		long[] finished = new long[CONCURRENT];
		for (int i = 0; i < CONCURRENT; i++) {
			int index = i;
			uploads.add(HTTP.sendAsync(uploadRequest(base, CONCURRENT_SIZE, "concurrent-" + i + ".bin"),
					HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> finished[index] = System.nanoTime()));
		}
		int succeeded = 0;
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < CONCURRENT; i++) {
			try {
				HttpResponse<String> response = uploads.get(i).get(30, TimeUnit.MINUTES);
				if (response.statusCode() == 201
						&& JSON.readTree(response.body()).get("versions").get(0).get("size").asLong() == CONCURRENT_SIZE) {
					succeeded++;
				}
				else {
					failures.add("upload " + i + ": " + response.statusCode() + " " + response.body());
				}
			}
			catch (Exception ex) {
				failures.add("upload " + i + ": " + ex);
			}
		}
		long elapsed = System.nanoTime() - start;
		uploading.set(false);
		sampler.join();
		jcmd(pid, "GC.run");
		double after = heapUsed();
		long[] times = Arrays.stream(finished).map((end) -> end - start).sorted().toArray();
		System.out.printf("%d concurrent uploads of %d MiB at -Xmx%s: %d of %d answered 201 with the full size, "
				+ "service alive: %s; all done in %.1f s (first %.1f s) = %.1f MB/s in total; load average %s%n",
				CONCURRENT, CONCURRENT_SIZE / MIB, SERVICE_HEAP, succeeded, CONCURRENT, service.isAlive(),
				elapsed / 1e9, times[0] / 1e9, CONCURRENT * CONCURRENT_SIZE / 1e6 / (elapsed / 1e9), loadAverage());
		failures.forEach(System.out::println);
		String keptAlive = afterGcSamples.isEmpty() ? "none (the uploads ended before the first forced GC)"
				: String.format("%.1f MiB = +%.1f MiB (samples %s)", maxAfterGc[0] / MIB,
						(maxAfterGc[0] - baseline) / MIB, afterGcSamples);
		System.out.printf("service heap: baseline %.1f MiB; max used (sampled every 200 ms, garbage included) %.1f MiB "
				+ "= +%.1f MiB; max right after a forced full GC during the uploads %s; after all uploads and a full "
				+ "GC %.1f MiB = %+.1f MiB (goal: growth <= 32 MiB)%n", baseline / MIB, maxRaw[0] / MIB,
				(maxRaw[0] - baseline) / MIB, keptAlive, after / MIB, (after - baseline) / MIB);
		assertThat(failures).as("service log: %s", log).isEmpty();
	}

	// ---- uploads

	private static long timeDirect(GridFSBucket bucket, long size) {
		long start = System.nanoTime();
		ObjectId id = bucket.uploadFromStream("direct.bin", content(size),
				new GridFSUploadOptions().chunkSizeBytes(CHUNK));
		long elapsed = System.nanoTime() - start;
		GridFSFile stored = bucket.find(new org.bson.Document("_id", id)).first();
		assertThat(stored).isNotNull();
		assertThat(stored.getLength()).isEqualTo(size);
		return elapsed;
	}

	/** One upload to the service, directly or ({@code target} = the gateway's address) through the gateway. */
	private static long timeService(String target, long size) throws Exception {
		HttpRequest request = uploadRequest(target, size, "single.bin");
		long start = System.nanoTime();
		HttpResponse<String> response = (target.equals(base) ? HTTP : BROWSER).send(request,
				HttpResponse.BodyHandlers.ofString());
		long elapsed = System.nanoTime() - start;
		assertThat(response.statusCode()).as("%s; service log %s", response.body(), log).isEqualTo(201);
		assertThat(JSON.readTree(response.body()).get("versions").get(0).get("size").asLong()).isEqualTo(size);
		return elapsed;
	}

	/** A multipart upload as a browser's FormData sends it: {@code label}, then {@code file}, the content generated as sent. */
	private static HttpRequest uploadRequest(String target, long size, String fileName) {
		String boundary = "----parleybench" + UUID.randomUUID().toString().replace("-", "");
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nTLP:GREEN\r\n"
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(
				URI.create(target + "/api/workspaces/" + workspace + "/documents"));
		if (target.equals(base)) {
			request.header("Authorization", "Bearer " + FakeKeycloak.get().token("partner-engineer"));
		}
		else {
			// the browser's session cookie goes by itself; the SPA echoes the CSRF cookie in this header
			request.header("X-XSRF-TOKEN", xsrf);
		}
		return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.fromPublisher(
					HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
							List.of(new ByteArrayInputStream(head), content(size), new ByteArrayInputStream(tail))))),
					head.length + size + tail.length))
			.timeout(Duration.ofMinutes(30))
			.build();
	}

	/** {@code size} bytes of {@link #PATTERN} repeated, generated as read. */
	static InputStream content(long size) {
		return new InputStream() {

			private long position;

			@Override
			public int read() {
				if (this.position >= size) {
					return -1;
				}
				return PATTERN[(int) (this.position++ % PATTERN.length)] & 0xff;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position >= size) {
					return -1;
				}
				int inPattern = (int) (this.position % PATTERN.length);
				int n = (int) Math.min(Math.min(length, PATTERN.length - inPattern), size - this.position);
				System.arraycopy(PATTERN, inPattern, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
	}

	// ---- service

	private static UUID createWorkspace() throws Exception {
		HttpResponse<String> created = HTTP.send(json("host-admin", "/api/workspaces",
				Map.of("name", "Upload bench " + RUN, "purpose", "", "labelCeiling", "TLP:RED")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		UUID id = UUID.fromString(JSON.readTree(created.body()).get("id").asString());
		HttpResponse<String> added = HTTP.send(json("host-admin", "/api/workspaces/" + id + "/members",
				Map.of("personId", FakeKeycloak.claims("partner-engineer").get("sub"), "organisation", "acme-security",
						"role", "CONTRIBUTOR")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		return id;
	}

	private static HttpRequest json(String fixture, String path, Map<String, Object> body) {
		return HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + FakeKeycloak.get().token(fixture))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
	}

	/** Heap used by the service, bytes: the sum of its heap pools as Micrometer reports them. */
	private static double heapUsed() throws Exception {
		String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		double used = 0;
		Matcher matcher = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)")
			.matcher(metrics);
		while (matcher.find()) {
			used += Double.parseDouble(matcher.group(1));
		}
		return used;
	}

	private static void jcmd(int pid, String command) throws Exception {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Integer.toString(pid), command)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
			throw new IllegalStateException("jcmd " + pid + " " + command + " failed");
		}
	}

}
