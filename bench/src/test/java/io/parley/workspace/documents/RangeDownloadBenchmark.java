package io.parley.workspace.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.parley.bench.ServiceJvm;
import io.parley.platform.test.FakeKeycloak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import static io.parley.bench.Figures.loadAverage;
import static io.parley.bench.Figures.percentileMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a one-byte download ({@code Range: bytes=0-0}) of a large version costs the server (issue 13, ADR 0026):
 * the workspace service from {@code bench.workspaceJar} ({@code workspace/target/workspace.jar}) in its own JVM, the
 * embedded Mongo-wire server (memory backend) in a third ({@link MongoWireServer}). One {@code bench.rangeMiB} (100)
 * MiB version is uploaded; then {@code bench.rangeWarmups} (20) and {@code bench.rangeRequests} (100) measured
 * requests of its first byte, one after the other, each timed (request sent → body received). Bytes read from
 * storage = what the Mongo-wire server's JVM wrote to its sockets ({@code wchar} of {@code /proc/<pid>/io}) during
 * the measured requests, per request: whatever code the service runs, that is what it had MongoDB send it. One whole
 * download is measured the same way for comparison. Run it against the jar of an earlier commit for "before".
 */
class RangeDownloadBenchmark {

	private static final long MIB = 1024L * 1024L;

	private static final long SIZE = Long.getLong("bench.rangeMiB", 100) * MIB;

	private static final int WARMUPS = Integer.getInteger("bench.rangeWarmups", 20);

	private static final int REQUESTS = Integer.getInteger("bench.rangeRequests", 100);

	private static final String QUEUE = "workspace-range-bench-" + UUID.randomUUID().toString().substring(0, 8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private static MongoWireServer.Launched mongoServer;

	private static Process service;

	private static String base;

	@BeforeAll
	static void start() throws Exception {
		Path jar = Path.of(System.getProperty("bench.workspaceJar", "../workspace/target/workspace.jar"));
		assertThat(jar).as("build it in the same reactor: ./mvnw -pl workspace,bench -am -Pbench verify ...").exists();
		Path target = Files.createDirectories(Path.of("target"));
		mongoServer = MongoWireServer.launch("range-bench-mongo", System.getProperty("bench.mongoHeap", "2g"), "");
		try (ServerSocket free = new ServerSocket(0)) {
			base = "http://127.0.0.1:" + free.getLocalPort();
		}
		Path log = target.resolve("range-bench-workspace.log");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-jar", jar.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.put("MONGODB_URI", mongoServer.uri());
		env.put("KEYCLOAK_ISSUER_URI", FakeKeycloak.get().issuer());
		env.put("RABBITMQ_HOST", "127.0.0.1");
		env.put("SERVER_PORT", base.substring(base.lastIndexOf(':') + 1));
		env.put("DOCUMENTS_MAX_FILE_SIZE", (SIZE / MIB + 1) + "MB");
		env.put("DOCUMENTS_MAX_REQUEST_SIZE", (SIZE / MIB + 2) + "MB");
		env.put("WORKSPACE_EVENTS_QUEUE", QUEUE);
		service = builder.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (!ServiceJvm.ok(base + "/actuator/health/liveness")) {
			assertThat(service.isAlive()).as("workspace service; its log: %s", log).isTrue();
			assertThat(System.nanoTime()).as("workspace service started; its log: %s", log).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (service != null) {
			service.destroy();
			service.waitFor(30, TimeUnit.SECONDS);
		}
		if (mongoServer != null) {
			mongoServer.close();
		}
		CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1");
		try {
			new RabbitAdmin(broker).deleteQueue(QUEUE);
			new RabbitAdmin(broker).deleteQueue(QUEUE + ".dlq");
		}
		finally {
			broker.destroy();
		}
	}

	@Test
	void firstByteOfALargeVersion() throws Exception {
		UUID workspace = UUID.fromString(JSON.readTree(send("host-admin", "/api/workspaces",
				"{\"name\":\"Range bench\",\"purpose\":\"\",\"labelCeiling\":\"TLP:RED\"}", "application/json"))
			.get("id")
			.asString());
		send("host-admin", "/api/workspaces/" + workspace + "/members",
				JSON.writeValueAsString(Map.of("personId", FakeKeycloak.claims("partner-engineer").get("sub"),
						"organisation", "acme-security", "role", "CONTRIBUTOR")),
				"application/json");
		String document = JSON.readTree(upload(workspace)).get("id").asString();
		URI content = URI.create(base + "/api/workspaces/" + workspace + "/documents/" + document
				+ "/versions/1/content");

		for (int i = 0; i < WARMUPS; i++) {
			firstByte(content);
		}
		String loadBefore = loadAverage();
		long readBefore = storageBytesSent();
		long[] nanos = new long[REQUESTS];
		for (int i = 0; i < REQUESTS; i++) {
			nanos[i] = firstByte(content);
		}
		long read = storageBytesSent() - readBefore;
		Arrays.sort(nanos);
		System.out.printf("Range: bytes=0-0 of a %d MiB version, %d requests after %d warm-ups (load %s -> %s):%n"
				+ "  bytes read from storage per request: %,d%n  time per request: p50 %.2f ms, p90 %.2f ms, max %.2f ms%n",
				SIZE / MIB, REQUESTS, WARMUPS, loadBefore, loadAverage(), read / REQUESTS,
				percentileMillis(nanos, 0.5), percentileMillis(nanos, 0.9), nanos[REQUESTS - 1] / 1e6);

		long wholeBefore = storageBytesSent();
		long start = System.nanoTime();
		HttpResponse<Void> whole = HTTP.send(download(content).build(), HttpResponse.BodyHandlers.discarding());
		long wholeNanos = System.nanoTime() - start;
		assertThat(whole.statusCode()).isEqualTo(200);
		System.out.printf("  one whole download for comparison: %,d bytes read from storage, %.0f ms%n",
				storageBytesSent() - wholeBefore, wholeNanos / 1e6);
	}

	/** One {@code Range: bytes=0-0} request; its time, request sent → body received. */
	private static long firstByte(URI content) throws Exception {
		long start = System.nanoTime();
		HttpResponse<byte[]> response = HTTP.send(download(content).header("Range", "bytes=0-0").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		long elapsed = System.nanoTime() - start;
		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.body()).hasSize(1);
		return elapsed;
	}

	private static HttpRequest.Builder download(URI content) {
		return HttpRequest.newBuilder(content)
			.header("Authorization", "Bearer " + FakeKeycloak.get().token("partner-engineer"));
	}

	/** Bytes the Mongo-wire server's JVM has written to its sockets so far: what its clients read from storage. */
	private static long storageBytesSent() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(mongoServer.process().pid()), "io"))) {
			if (line.startsWith("wchar:")) {
				return Long.parseLong(line.substring("wchar:".length()).trim());
			}
		}
		throw new IllegalStateException("no wchar in /proc/<pid>/io");
	}

	private static String send(String fixture, String path, String body, String type) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + FakeKeycloak.get().token(fixture))
			.header("Content-Type", type)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response.body();
	}

	private static String upload(UUID workspace) throws Exception {
		String boundary = "----parleyrangebench";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nTLP:GREEN\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create(base + "/api/workspaces/" + workspace + "/documents"))
			.header("Authorization", "Bearer " + FakeKeycloak.get().token("partner-engineer"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers
				.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
						UploadBenchmark.content(SIZE), new ByteArrayInputStream(tail))))),
					head.length + SIZE + tail.length))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response.body();
	}

}
