package io.parley.e2e.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.platform.test.FakeKeycloak;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Workspace and notifications as they run in production, each its own process from its packaged jar, talking over
 * the real RabbitMQ on 127.0.0.1:5672; what they would find around them is stood in for: the realm by platform's
 * {@link FakeKeycloak} (its JWKS; tokens minted here), MongoDB by the Mongo-wire server in this JVM (one database per
 * service, as always), and identity by this class publishing its events on {@code parley.events}.
 *
 * <p>
 * Each run consumes from queues of its own, deleted at the end, so other tests' events neither reach it nor pile
 * up in queues nobody reads.
 */
final class ServiceProcesses implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private final MongoServer mongo = new MongoServer(new MemoryBackend());

	private final String mongoUri;

	private final MongoClient client;

	private final Connection broker;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final List<Process> processes = new ArrayList<>();

	private final List<String> queues = new ArrayList<>();

	final String workspace;

	final String notifications;

	private ServiceProcesses(Path root, Path logs) throws Exception {
		this.mongoUri = this.mongo.bindAndGetConnectionString();
		this.client = MongoClients.create(this.mongoUri);
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(5672);
		this.broker = factory.newConnection("policy-model-" + this.run);
		Files.createDirectories(logs);
		this.workspace = start(root, logs, "workspace", "WORKSPACE");
		this.notifications = start(root, logs, "notifications", "NOTIFICATIONS");
		awaitUp(this.workspace + "/api/workspaces", "workspace", logs);
		awaitUp(this.notifications + "/api/notifications", "notifications", logs);
	}

	/** Starts both; {@code root} is the checkout, whose services were packaged before this module's tests. */
	static ServiceProcesses start(Path root, Path logs) throws Exception {
		return new ServiceProcesses(root, logs);
	}

	private String start(Path root, Path logs, String service, String prefix) throws IOException {
		Path jar = root.resolve(service).resolve("target").resolve(service + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -pl e2e -am verify)");
		}
		int port = freePort();
		String queue = "policy-" + service + "-" + this.run;
		this.queues.add(queue);
		this.queues.add(queue + ".dlq");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--management.server.port=0",
				"--spring.mongodb.uri=" + this.mongoUri,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
				"--parley." + service + ".events-queue=" + queue,
				// nothing listens there: mails fail off the delivery thread and are retried later, as when SMTP is down
				"--spring.mail.port=" + freePort(), "--management.tracing.sampling.probability=0");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve(service + ".log").toFile())
			.start();
		this.processes.add(process);
		return "http://127.0.0.1:" + port;
	}

	/** A request without a token answers 401 once the service is up: nothing is served before that. */
	private void awaitUp(String url, String service, Path logs) {
		HttpClient http = HttpClient.newHttpClient();
		try {
			await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
				for (Process process : this.processes) {
					if (!process.isAlive()) {
						throw new IllegalStateException(service + " stopped while starting; see " + logs);
					}
				}
				try {
					return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.discarding()).statusCode() == 401;
				}
				catch (IOException notYet) {
					return false; // not listening yet
				}
			});
		}
		catch (ConditionTimeoutException late) {
			throw new IllegalStateException(service + " did not start within " + START_TIMEOUT + "; see " + logs);
		}
	}

	/** What identity's {@code MemberJoined} leaves in workspace: the person and their organisation. */
	void known(String personId, String organisation, String name) {
		this.client.getDatabase("workspace")
			.getCollection("people")
			.updateOne(Filters.eq("_id", personId),
					Updates.combine(Updates.set("organisation", organisation), Updates.set("name", name)),
					new UpdateOptions().upsert(true));
	}

	/** Publishes one of identity's events as identity's outbox relay does (its message id is the event id). */
	void publishAsIdentity(String type, String aggregateId, Object data) throws IOException {
		UUID id = UUID.randomUUID();
		Map<String, Object> envelope = Map.of("id", id.toString(), "type", type, "occurredAt",
				Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), "producer", "identity", "aggregateId",
				aggregateId, "aggregateVersion", 1, "data", data);
		try (Channel channel = this.broker.createChannel()) {
			channel.basicPublish("parley.events", type, new AMQP.BasicProperties.Builder().contentType("application/json")
				.contentEncoding("UTF-8")
				.deliveryMode(2)
				.messageId(id.toString())
				.type(type)
				.build(), JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8));
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IOException(ex);
		}
	}

	@Override
	public void close() {
		this.processes.forEach(Process::destroy);
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try (Channel channel = this.broker.createChannel()) {
			for (String queue : this.queues) {
				channel.queueDelete(queue);
			}
		}
		catch (IOException | java.util.concurrent.TimeoutException ex) {
			// a queue that was never declared: nothing to clean up
		}
		try {
			this.broker.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.client.close();
			this.mongo.shutdownNow();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
