package io.parley.workspace.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.platform.backup.MongoArchive;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.WorkspaceApplication;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore drill of ADR 0037 on the embedded stack: workspace with its outbox relay against the real RabbitMQ on
 * 127.0.0.1:5672, on an embedded MongoDB-wire server of its own. Documents are uploaded, relabelled and commented on
 * (so there are GridFS chunks, audit chains and events), some of it while the relay is held (events recorded but not
 * yet published at backup time, as when the broker is unreachable); the database is archived; more changes follow;
 * the service and its server go away; the archive is restored into a fresh server and a new service starts on it.
 * Then: every version's bytes hash to what was recorded (downloaded, and the restore check, {@code …/restore-check}), every audit
 * chain verifies and is the chain as it was at backup time, the changes after the backup are gone, and across the
 * whole drill no event id was published twice, the ones pending at backup time exactly once after the restore.
 * Finally a chunk and an audit entry are damaged to show the restore check sees it, as endpoint and as command.
 */
class RestoreDrillTests {

	private static final String EXCHANGE = "parley.events";

	private static final String DATABASE = "workspace";

	private static final List<String> OUTBOX_COLLECTIONS = List.of("workspaces", "announcements", "documents",
			"comments", "acknowledgement_requests");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String consumerQueue = "restore-drill-consumer-" + UUID.randomUUID();

	private final CachingConnectionFactory rabbit = new CachingConnectionFactory("127.0.0.1");

	/** Every event heard on the drill's own queue: message id → the phases in which it arrived (one per delivery). */
	private final Map<String, List<Phase>> heard = new ConcurrentHashMap<>();

	private final Map<String, String> bodies = new ConcurrentHashMap<>();

	private volatile Phase phase = Phase.BEFORE_RESTORE;

	private volatile long lastDelivery = System.nanoTime();

	private final String queue = "restore-drill-" + UUID.randomUUID();

	private final List<MongoServer> servers = new ArrayList<>();

	private final List<MongoClient> clients = new ArrayList<>();

	private final List<ConfigurableApplicationContext> services = new ArrayList<>();

	private SimpleMessageListenerContainer listener;

	private String base;

	enum Phase {

		BEFORE_RESTORE, AFTER_RESTORE

	}

	@AfterEach
	void tearDown() {
		this.services.forEach(ConfigurableApplicationContext::close);
		this.clients.forEach(MongoClient::close);
		this.servers.forEach(MongoServer::shutdownNow);
		if (this.listener != null) {
			this.listener.stop();
		}
		RabbitAdmin admin = new RabbitAdmin(this.rabbit);
		admin.deleteQueue(this.queue);
		admin.deleteQueue(this.consumerQueue);
		admin.deleteQueue(this.consumerQueue + ".dlq");
		this.rabbit.destroy();
	}

	@Test
	void givenBackupThenMoreChanges_whenRestoredIntoAFreshStack_thenEveryHashAndChainVerifiesAndNoEventTwice(
			@TempDir Path directory) throws Exception {
		listen();
		MongoServer first = server();
		MongoClient firstClient = client(first);
		ConfigurableApplicationContext service = start(first);
		knowPeople(firstClient);

		// Changes published before the backup: they left the outboxes before it was taken
		UUID w1 = createWorkspace("Drill one");
		UUID w2 = createWorkspace("Drill two");
		addMember(w1, "partner-engineer", "CONTRIBUTOR");
		Map<String, byte[]> uploaded = new LinkedHashMap<>();
		byte[] notes = "Ring 1 soak results, before the backup.\n".repeat(60).getBytes(StandardCharsets.UTF_8);
		byte[] image = new byte[700 * 1024]; // three GridFS chunks
		new Random(19).nextBytes(image);
		UUID doc1 = upload(w1, "notes.txt", "TLP:GREEN", notes);
		UUID doc2 = upload(w1, "crash-dumps.bin", "TLP:AMBER", image);
		UUID doc3 = upload(w2, "report.txt", "TLP:GREEN", "A report.\n".repeat(10).getBytes(StandardCharsets.UTF_8));
		byte[] notes2 = "Ring 1 soak results, second version.\n".repeat(80).getBytes(StandardCharsets.UTF_8);
		addVersion(w1, doc1, "notes.txt", notes2);
		relabel(w1, doc1, "TLP:AMBER");
		comment(w1, doc2, "partner-engineer", "Dumps from ring 1.");
		uploaded.put(doc1 + "/1", notes);
		uploaded.put(doc1 + "/2", notes2);
		uploaded.put(doc2 + "/1", image);
		uploaded.put(doc3 + "/1", "A report.\n".repeat(10).getBytes(StandardCharsets.UTF_8));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending(firstClient).isEmpty());

		// Changes recorded while the relay is held: pending in the outboxes at backup time
		service.getBean("parleyOutboxRelay", SmartLifecycle.class).stop();
		comment(w1, doc1, "host-admin", "Recorded while the broker was away.");
		relabel(w2, doc3, "TLP:AMBER");
		Set<String> pendingAtBackup = pending(firstClient);
		assertThat(pendingAtBackup).hasSize(2);

		Map<UUID, JsonNode> documentsAtBackup = new LinkedHashMap<>();
		for (UUID[] document : new UUID[][] { { w1, doc1 }, { w1, doc2 }, { w2, doc3 } }) {
			documentsAtBackup.put(document[1], document(document[0], document[1]));
		}
		Map<UUID, Long> commentsAtBackup = Map.of(doc1, comments(w1, doc1), doc2, comments(w1, doc2));
		Map<UUID, List<Document>> chainsAtBackup = Map.of(w1, chain(firstClient, w1), w2, chain(firstClient, w2));

		Path archive = directory.resolve("workspace.archive");
		try (OutputStream out = Files.newOutputStream(archive)) {
			MongoArchive.export(firstClient, DATABASE, out);
		}

		// Changes after the backup: lost with the database, and with them their events and audit entries
		UUID doc4 = upload(w1, "late.txt", "TLP:GREEN", "After the backup.\n".getBytes(StandardCharsets.UTF_8));
		comment(w1, doc2, "host-admin", "After the backup.");
		relabel(w1, doc2, "TLP:AMBER+STRICT");
		Set<String> afterBackup = pending(firstClient);
		afterBackup.removeAll(pendingAtBackup);
		assertThat(afterBackup).hasSizeGreaterThanOrEqualTo(3);
		List<Document> chainBeforeLoss = chain(firstClient, w1);
		assertThat(chainBeforeLoss).hasSizeGreaterThan(chainsAtBackup.get(w1).size());

		// Everything published so far has reached the drill's queue before the phase changes
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> {
				QueueInformation queue = new RabbitAdmin(this.rabbit).getQueueInfo(this.queue);
				return queue != null && queue.getMessageCount() == 0
						&& System.nanoTime() - this.lastDelivery > Duration.ofSeconds(1).toNanos();
			});

		// The first stack is lost
		service.close();
		this.services.remove(service);
		firstClient.close();
		this.clients.remove(firstClient);
		first.shutdownNow();
		this.servers.remove(first);

		MongoServer second = server();
		MongoClient secondClient = client(second);
		try (InputStream in = Files.newInputStream(archive)) {
			MongoArchive.restore(in, secondClient, DATABASE);
		}
		this.phase = Phase.AFTER_RESTORE;
		ConfigurableApplicationContext restoredService = start(second);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending(secondClient).isEmpty());
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.heard.keySet().containsAll(pendingAtBackup));

		// every version's bytes, downloaded, hash to the recorded SHA-256 and to what was uploaded
		for (Map.Entry<UUID, JsonNode> document : documentsAtBackup.entrySet()) {
			JsonNode restored = document(UUID.fromString(document.getValue().get("workspaceId").asString()),
					document.getKey());
			assertThat(restored.get("label")).isEqualTo(document.getValue().get("label"));
			assertThat(restored.get("versions")).isEqualTo(document.getValue().get("versions"));
			for (JsonNode version : restored.get("versions")) {
				byte[] content = download(restored, version.get("version").asInt());
				String sha256 = sha256(content);
				assertThat(sha256).isEqualTo(version.get("sha256").asString());
				assertThat(content).isEqualTo(uploaded.get(document.getKey() + "/" + version.get("version").asInt()));
			}
		}
		// what came after the backup is gone
		assertThat(status(get("/api/workspaces/" + w1 + "/documents/" + doc4, "host-admin"))).isEqualTo(404);
		assertThat(comments(w1, doc1)).isEqualTo(commentsAtBackup.get(doc1));
		assertThat(comments(w1, doc2)).isEqualTo(commentsAtBackup.get(doc2));

		// every chain verifies, and begins with exactly the entries it had at backup time
		for (UUID workspace : List.of(w1, w2)) {
			JsonNode verification = json(get("/api/workspaces/" + workspace + "/audit/verify", "auditor"));
			assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
			List<Document> restored = chain(secondClient, workspace);
			List<Document> atBackup = chainsAtBackup.get(workspace);
			assertThat(restored.subList(0, atBackup.size())).isEqualTo(atBackup);
		}
		Set<Object> restoredIds = chain(secondClient, w1).stream().map((entry) -> entry.get("_id")).collect(Collectors.toSet());
		assertThat(chainBeforeLoss.subList(chainsAtBackup.get(w1).size(), chainBeforeLoss.size()))
			.allSatisfy((lost) -> assertThat(restoredIds).doesNotContain(lost.get("_id")));

		// the operator's check agrees
		JsonNode report = json(get("/api/workspaces/restore-check", "auditor"));
		assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
		assertThat(report.at("/content/versions").asLong()).isEqualTo(uploaded.size());
		assertThat(report.at("/content/failed").asLong()).isZero();
		assertThat(report.at("/audit/chains").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(report.at("/outbox/total").asLong()).isZero();
		assertThat(status(get("/api/workspaces/restore-check", "host-admin"))).isEqualTo(200);
		assertThat(status(get("/api/workspaces/restore-check", "partner-engineer"))).isEqualTo(403);
		assertThat(status(get("/api/workspaces/restore-check", "vendor-auditor"))).isEqualTo(403);
		assertThat(status(HttpRequest.newBuilder(URI.create(this.base + "/api/workspaces/restore-check")).build()))
			.isEqualTo(401);

		// no event published twice over the whole drill; the pending ones once, after the restore; the later ones never
		Map<String, List<Phase>> ours = this.heard.entrySet()
			.stream()
			.filter((event) -> this.bodies.get(event.getKey()).contains(w1.toString())
					|| this.bodies.get(event.getKey()).contains(w2.toString()))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		assertThat(ours).hasSizeGreaterThanOrEqualTo(10);
		assertThat(ours).allSatisfy((id, phases) -> assertThat(phases).as("deliveries of event " + id).hasSize(1));
		assertThat(pendingAtBackup)
			.allSatisfy((id) -> assertThat(ours.get(id)).containsExactly(Phase.AFTER_RESTORE));
		Set<String> publishedAfterRestore = ours.entrySet()
			.stream()
			.filter((event) -> event.getValue().contains(Phase.AFTER_RESTORE))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(publishedAfterRestore).containsExactlyInAnyOrderElementsOf(pendingAtBackup);
		assertThat(ours.keySet()).doesNotContainAnyElementsOf(afterBackup);

		// and the check is not blind: a damaged chunk and a changed audit entry are reported
		MongoDatabase restoredDb = secondClient.getDatabase(DATABASE);
		Document contentOf = restoredDb.getCollection("documents").find(new Document("_id", doc2)).first();
		Object contentId = contentOf.getList("versions", Document.class).get(0).get("contentId");
		Document chunk = restoredDb.getCollection("contents.chunks")
			.find(new Document("files_id", contentId).append("n", 1))
			.first();
		byte[] damaged = chunk.get("data", Binary.class).getData();
		damaged[100] ^= 1;
		restoredDb.getCollection("contents.chunks")
			.updateOne(new Document("_id", chunk.get("_id")), new Document("$set", new Document("data", new Binary(damaged))));
		restoredDb.getCollection("audit")
			.updateOne(new Document("workspaceId", w2).append("sequence", 1L),
					new Document("$set", new Document("action", "workspace.renamed")));
		JsonNode damagedReport = json(get("/api/workspaces/restore-check", "auditor"));
		assertThat(damagedReport.get("valid").asBoolean()).isFalse();
		assertThat(damagedReport.at("/content/failures/0/documentId").asString()).isEqualTo(doc2.toString());
		assertThat(damagedReport.at("/content/failures/0/problem").asString()).contains("chunk 1");
		assertThat(damagedReport.at("/audit/broken/0/workspaceId").asString()).isEqualTo(w2.toString());
		assertThat(damagedReport.at("/audit/broken/0/firstBrokenSequence").asLong()).isEqualTo(1);
		// a portal admin, who is no auditor, learns what failed but not which workspace or document (ADR 0028)
		JsonNode adminReport = json(get("/api/workspaces/restore-check", "host-admin"));
		assertThat(adminReport.at("/content/failed").asLong()).isEqualTo(damagedReport.at("/content/failed").asLong());
		assertThat(adminReport.at("/content/failures/0/problem").asString()).contains("chunk 1");
		assertThat(adminReport.toString()).doesNotContain(doc2.toString()).doesNotContain(w2.toString());
		AtomicInteger exitCode = new AtomicInteger(-1);
		new RestoreCheckCommand(restoredService.getBean(RestoreCheck.class), JSON, restoredService, exitCode::set)
			.run(new DefaultApplicationArguments());
		assertThat(exitCode).hasValue(1);
	}

	// --- the stack ---

	private MongoServer server() {
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("127.0.0.1", 0);
		this.servers.add(server);
		return server;
	}

	private MongoClient client(MongoServer server) {
		// UUIDs as the services store them (platform-defaults: spring.mongodb.representation.uuid=standard)
		MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(server.getConnectionString()))
			.uuidRepresentation(UuidRepresentation.STANDARD)
			.build());
		this.clients.add(client);
		return client;
	}

	private ConfigurableApplicationContext start(MongoServer server) {
		ConfigurableApplicationContext service = new SpringApplicationBuilder(WorkspaceApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--spring.mongodb.uri=" + server.getConnectionString(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
				"--parley.events.relay.enabled=true", "--parley.workspace.events-queue=" + this.consumerQueue);
		this.services.add(service);
		this.base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
		return service;
	}

	/** A queue of the drill's own on {@code parley.events} hearing every workspace event, counted by message id. */
	private void listen() {
		RabbitAdmin admin = new RabbitAdmin(this.rabbit);
		TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
		// durable, like the services' queues: a broker restarted during the drill (other runs share it) keeps what
		// was published; deleted in tearDown
		Queue queue = new Queue(this.queue, true, false, false);
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("workspace.#"));
		this.listener = new SimpleMessageListenerContainer(this.rabbit);
		this.listener.setQueues(queue);
		this.listener.setAcknowledgeMode(AcknowledgeMode.AUTO);
		this.listener.setMessageListener((message) -> {
			String id = message.getMessageProperties().getMessageId();
			this.bodies.put(id, new String(message.getBody(), StandardCharsets.UTF_8));
			this.heard.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>()).add(this.phase);
			this.lastDelivery = System.nanoTime();
		});
		this.listener.start();
	}

	private static void knowPeople(MongoClient client) {
		for (String fixture : List.of("host-admin", "partner-engineer", "auditor")) {
			Map<String, Object> claims = FakeKeycloak.claims(fixture);
			client.getDatabase(DATABASE)
				.getCollection("people")
				.updateOne(new Document("_id", claims.get("sub")),
						new Document("$set", new Document("organisation", claims.get("org")).append("name", claims.get("name"))),
						new UpdateOptions().upsert(true));
		}
	}

	/** Ids of the events in every outbox of the database. */
	private static Set<String> pending(MongoClient client) {
		Set<String> ids = ConcurrentHashMap.newKeySet();
		for (String collection : OUTBOX_COLLECTIONS) {
			for (Document aggregate : client.getDatabase(DATABASE)
				.getCollection(collection)
				.find(new Document("_outboxCount", new Document("$gt", 0)))) {
				aggregate.getList("_outbox", Document.class, List.of()).forEach((event) -> ids.add(event.getString("id")));
			}
		}
		return ids;
	}

	/** A workspace's chain as stored, in sequence order. */
	private static List<Document> chain(MongoClient client, UUID workspace) {
		return client.getDatabase(DATABASE)
			.getCollection("audit")
			.find(new Document("workspaceId", workspace))
			.sort(new Document("sequence", 1))
			.into(new ArrayList<>());
	}

	// --- the API ---

	private UUID createWorkspace(String name) throws Exception {
		JsonNode created = json(post("/api/workspaces", "host-admin", Map.of("name", name + " " + UUID.randomUUID().toString().substring(0, 8),
				"purpose", "", "labelCeiling", "TLP:RED")), 201);
		return UUID.fromString(created.get("id").asString());
	}

	private void addMember(UUID workspace, String fixture, String role) throws Exception {
		Map<String, Object> claims = FakeKeycloak.claims(fixture);
		json(post("/api/workspaces/" + workspace + "/members", "host-admin",
				Map.of("personId", claims.get("sub"), "organisation", claims.get("org"), "role", role)), 201);
	}

	private UUID upload(UUID workspace, String fileName, String label, byte[] content) throws Exception {
		return UUID.fromString(multipart("/api/workspaces/" + workspace + "/documents", Map.of("label", label), fileName,
				content).get("id").asString());
	}

	private void addVersion(UUID workspace, UUID document, String fileName, byte[] content) throws Exception {
		multipart("/api/workspaces/" + workspace + "/documents/" + document + "/versions", Map.of(), fileName, content);
	}

	private void relabel(UUID workspace, UUID document, String label) throws Exception {
		HttpRequest request = request("/api/workspaces/" + workspace + "/documents/" + document + "/label", "host-admin")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("label", label))))
			.build();
		json(request, 200);
	}

	private void comment(UUID workspace, UUID document, String fixture, String text) throws Exception {
		json(post("/api/workspaces/" + workspace + "/documents/" + document + "/comments", fixture, Map.of("text", text)),
				201);
	}

	private long comments(UUID workspace, UUID document) throws Exception {
		HttpResponse<String> response = HTTP.send(
				get("/api/workspaces/" + workspace + "/documents/" + document + "/comments", "host-admin"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return Long.parseLong(response.headers().firstValue("X-Total-Count").orElseThrow());
	}

	private JsonNode document(UUID workspace, UUID document) throws Exception {
		return json(get("/api/workspaces/" + workspace + "/documents/" + document, "host-admin"));
	}

	private byte[] download(JsonNode document, int version) throws Exception {
		HttpResponse<byte[]> response = HTTP.send(get("/api/workspaces/" + document.get("workspaceId").asString()
				+ "/documents/" + document.get("id").asString() + "/versions/" + version + "/content", "host-admin"),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private JsonNode multipart(String path, Map<String, String> fields, String fileName, byte[] content)
			throws Exception {
		String boundary = "----drill" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return json(request(path, "host-admin").header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), 201);
	}

	private HttpRequest.Builder request(String path, String fixture) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", "Bearer " + FakeKeycloak.get().token(fixture))
			.timeout(Duration.ofSeconds(30));
	}

	private HttpRequest get(String path, String fixture) {
		return request(path, fixture).GET().build();
	}

	private HttpRequest post(String path, String fixture, Object body) {
		return request(path, fixture).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
	}

	private static int status(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static JsonNode json(HttpRequest request) throws IOException, InterruptedException {
		return json(request, 200);
	}

	private static JsonNode json(HttpRequest request, int expected) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(request.method() + " " + request.uri() + ": " + response.body())
			.isEqualTo(expected);
		return JSON.readTree(response.body());
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}
