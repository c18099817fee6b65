package io.parley.platform.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

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

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", EmbeddedMongo::uri);
	}

}
