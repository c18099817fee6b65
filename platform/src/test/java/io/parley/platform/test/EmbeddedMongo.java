package io.parley.platform.test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.UuidRepresentation;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The embedded MongoDB-wire server for service tests (no {@code mongod} can run here). One per test JVM, like a
 * shared database server; tests keep out of each other's way with their own ids, not by dropping collections.
 */
public final class EmbeddedMongo {

	private static final MongoServer SERVER = start();

	private EmbeddedMongo() {
	}

	private static MongoServer start() {
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("127.0.0.1", 0);
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
		return server;
	}

	public static String uri() {
		return SERVER.getConnectionString();
	}

	/**
	 * A template on {@code database} of the shared server, storing UUIDs as the services do (Spring Boot's standard
	 * representation): for a test that reads and writes a service's collections without starting the service.
	 */
	public static MongoTemplate template(String database) {
		return new MongoTemplate(MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri()))
			.uuidRepresentation(UuidRepresentation.STANDARD)
			.build()), database);
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", EmbeddedMongo::uri);
	}

}
