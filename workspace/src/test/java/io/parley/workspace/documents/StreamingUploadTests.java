package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.WorkspaceApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads through a real HTTP connection into the workspace service running in a JVM of its own with a heap
 * ({@value #HEAP}) too small to hold the {@value #SIZE_MIB} MiB file it is sent, let alone twice: if the upload or the
 * download path buffered the file, the service would run out of memory and these tests would fail. The embedded
 * Mongo-wire server stays in this JVM (it keeps the content in its own heap). The same service shows that a client
 * which goes away mid-upload leaves no chunks behind.
 */
class StreamingUploadTests {

	static final String HEAP = "-Xmx112m";

	static final int SIZE_MIB = 64;

	private static final long SIZE = SIZE_MIB * 1024L * 1024L;

	/** The test content is generated block by block from the block's index, so any range can be regenerated. */
	private static final int BLOCK = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static Process service;

	private static Path log;

	private static String base;

	private static MongoClient mongo;

	private static UUID workspace;

	@BeforeAll
	static void startService() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		base = "http://127.0.0.1:" + port;
		log = Files.createDirectories(Path.of("target")).resolve("streaming-service.log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
				WorkspaceApplication.class.getName(), "--server.port=" + port,
				"--spring.mongodb.uri=" + EmbeddedMongo.uri(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
				"--parley.events.relay.enabled=false", "--parley.workspace.events-queue=workspace-tests",
				"--parley.workspace.documents.max-file-size=" + (SIZE_MIB + 1) + "MB",
				"--parley.workspace.documents.max-request-size=" + (SIZE_MIB + 2) + "MB"));
		service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		mongo = MongoClients.create(EmbeddedMongo.uri());
		await("the workspace service on " + base).atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> !service.isAlive() || healthy());
		assertThat(service.isAlive()).as("service started; its log: %s", log).isTrue();
		workspace = createWorkspace();
	}

	@AfterAll
	static void stopService() throws Exception {
		if (service != null) {
			service.destroy();
			service.waitFor();
		}
		if (mongo != null) {
			mongo.close();
		}
	}

	@Test
	void givenLargeFile_whenUploadedToSmallHeapService_thenStreamedWithItsHashAndRangesReturnExactBytes()
			throws Exception {
		Multipart form = new Multipart().field("label", "TLP:GREEN");
		byte[] head = (formFields(form) + form.fileHeader("big.bin", "application/octet-stream"))
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = form.end().getBytes(StandardCharsets.UTF_8);
		MessageDigest sent = MessageDigest.getInstance("SHA-256");
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/workspaces/" + workspace + "/documents"))
			.header("Authorization", bearer("partner-engineer"))
			.header("Content-Type", form.contentType())
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
					() -> new SequenceInputStream(java.util.Collections.enumeration(List.of(
							new java.io.ByteArrayInputStream(head), new DigestInputStream(content(), sent),
							new java.io.ByteArrayInputStream(tail))))),
					head.length + SIZE + tail.length))
			.timeout(Duration.ofMinutes(5))
			.build();

		HttpResponse<String> uploaded = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(uploaded.statusCode()).as("%s; service log %s", uploaded.body(), log).isEqualTo(201);
		assertThat(service.isAlive()).isTrue();
		JsonNode version = JSON.readTree(uploaded.body()).get("versions").get(0);
		assertThat(version.get("size").asLong()).isEqualTo(SIZE);
		assertThat(version.get("sha256").asString()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
		String content = base + "/api/workspaces/" + workspace + "/documents/"
				+ JSON.readTree(uploaded.body()).get("id").asString() + "/versions/1/content";

		long from = 40_000_000L;
		HttpResponse<byte[]> range = HTTP.send(HttpRequest.newBuilder(URI.create(content))
			.header("Authorization", bearer("partner-engineer"))
			.header("Range", "bytes=" + from + "-" + (from + 99_999))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes " + from + "-" + (from + 99_999) + "/" + SIZE);
		assertThat(range.body()).isEqualTo(bytesAt(from, 100_000));

		MessageDigest received = MessageDigest.getInstance("SHA-256");
		HttpResponse<InputStream> whole = HTTP.send(HttpRequest.newBuilder(URI.create(content))
			.header("Authorization", bearer("partner-engineer"))
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		long length;
		try (InputStream in = new DigestInputStream(whole.body(), received)) {
			length = in.transferTo(OutputStream.nullOutputStream());
		}
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(length).isEqualTo(SIZE);
		assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(version.get("sha256").asString());
		assertThat(service.isAlive()).as("the service survived; its log: %s", log).isTrue();
	}

	@Test
	void givenClientThatDisconnectsMidUpload_whenTheServiceNotices_thenNoChunksAreLeftBehind() throws Exception {
		MongoDatabase database = mongo.getDatabase("workspace");
		Multipart form = new Multipart().field("label", "TLP:GREEN");
		byte[] head = (formFields(form) + form.fileHeader("cut.bin", "application/octet-stream"))
			.getBytes(StandardCharsets.UTF_8);
		long chunksBefore = database.getCollection(DocumentContents.CHUNKS).countDocuments();
		URI uri = URI.create(base);

		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/workspaces/" + workspace + "/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: " + bearer("partner-engineer") + "\r\nContent-Type: " + form.contentType()
					+ "\r\nContent-Length: " + (head.length + SIZE + 100) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(head);
			try (InputStream content = content()) {
				byte[] block = new byte[BLOCK];
				for (int i = 0; i < 48; i++) {
					out.write(block, 0, content.read(block));
				}
			}
			out.flush();
			// the service has started writing chunks of this upload
			await().atMost(Duration.ofMinutes(1))
				.until(() -> database.getCollection(DocumentContents.CHUNKS).countDocuments() > chunksBefore);
			socket.setSoLinger(true, 0);
		}

		await("no orphaned chunks").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(Orphans.in(database)).isEmpty());
		assertThat(database.getCollection(DocumentContents.CHUNKS).countDocuments()).isEqualTo(chunksBefore);
	}

	/**
	 * A copy to another workspace goes GridFS to GridFS inside the service (ADR 0017): the same small heap copies the
	 * whole file, hashing it on the way.
	 */
	@Test
	void givenLargeDocument_whenCopiedToAnotherWorkspaceBySmallHeapService_thenStreamedWithItsHash() throws Exception {
		Multipart form = new Multipart().field("label", "TLP:GREEN");
		byte[] head = (formFields(form) + form.fileHeader("copied.bin", "application/octet-stream"))
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = form.end().getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> uploaded = HTTP.send(HttpRequest
			.newBuilder(URI.create(base + "/api/workspaces/" + workspace + "/documents"))
			.header("Authorization", bearer("partner-engineer"))
			.header("Content-Type", form.contentType())
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
					() -> new SequenceInputStream(new SequenceInputStream(new java.io.ByteArrayInputStream(head),
							content()), new java.io.ByteArrayInputStream(tail))),
					head.length + SIZE + tail.length))
			.timeout(Duration.ofMinutes(5))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(uploaded.statusCode()).as("%s; service log %s", uploaded.body(), log).isEqualTo(201);
		JsonNode original = JSON.readTree(uploaded.body());
		UUID target = createWorkspace();

		HttpResponse<String> copied = HTTP.send(json("partner-engineer",
				"/api/workspaces/" + workspace + "/documents/" + original.get("id").asString() + "/copies",
				Map.of("targetWorkspaceId", target)), HttpResponse.BodyHandlers.ofString());

		assertThat(copied.statusCode()).as("%s; service log %s", copied.body(), log).isEqualTo(201);
		JsonNode copy = JSON.readTree(copied.body()).get("versions").get(0);
		assertThat(copy.get("size").asLong()).isEqualTo(SIZE);
		assertThat(copy.get("sha256").asString())
			.isEqualTo(original.get("versions").get(0).get("sha256").asString());
		assertThat(service.isAlive()).as("the service survived; its log: %s", log).isTrue();
	}

	/** The form fields of a {@link Multipart} without its closing boundary. */
	private static String formFields(Multipart form) {
		String all = new String(form.bytes(), StandardCharsets.UTF_8);
		return all.substring(0, all.lastIndexOf("--" + form.contentType().substring(form.contentType().indexOf('=') + 1) + "--"));
	}

	private static InputStream content() {
		return new InputStream() {

			private final byte[] block = new byte[BLOCK];

			private long position;

			@Override
			public int read() {
				byte[] one = new byte[1];
				return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position >= SIZE) {
					return -1;
				}
				int inBlock = (int) (this.position % BLOCK);
				if (inBlock == 0) {
					new Random(this.position / BLOCK).nextBytes(this.block);
				}
				int n = (int) Math.min(Math.min(length, BLOCK - inBlock), SIZE - this.position);
				System.arraycopy(this.block, inBlock, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
	}

	private static byte[] bytesAt(long from, int length) {
		long firstBlock = from / BLOCK;
		long lastBlock = (from + length - 1) / BLOCK;
		byte[] blocks = new byte[(int) ((lastBlock - firstBlock + 1) * BLOCK)];
		for (long b = firstBlock; b <= lastBlock; b++) {
			byte[] block = new byte[BLOCK];
			new Random(b).nextBytes(block);
			System.arraycopy(block, 0, blocks, (int) ((b - firstBlock) * BLOCK), BLOCK);
		}
		int offset = (int) (from - firstBlock * BLOCK);
		return Arrays.copyOfRange(blocks, offset, offset + length);
	}

	private static boolean healthy() {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static UUID createWorkspace() throws Exception {
		HttpResponse<String> created = HTTP.send(json("host-admin", "/api/workspaces",
				Map.of("name", "Streaming " + UUID.randomUUID().toString().substring(0, 8), "purpose", "",
						"labelCeiling", "TLP:RED")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		UUID id = UUID.fromString(JSON.readTree(created.body()).get("id").asString());
		// the engineer signs in once, so workspace knows their organisation from their token
		HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/workspaces"))
			.header("Authorization", "Bearer " + FakeKeycloak.get().token("partner-engineer"))
			.build(), HttpResponse.BodyHandlers.discarding());
		HttpResponse<String> added = HTTP.send(json("host-admin", "/api/workspaces/" + id + "/members",
				Map.of("personId", FakeKeycloak.claims("partner-engineer").get("sub"), "organisation", "acme-security",
						"role", "CONTRIBUTOR")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		return id;
	}

	private static HttpRequest json(String fixture, String path, Map<String, Object> body) {
		return HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", bearer(fixture))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
	}

	private static String bearer(String fixture) {
		return "Bearer " + FakeKeycloak.get().token(fixture);
	}

}
