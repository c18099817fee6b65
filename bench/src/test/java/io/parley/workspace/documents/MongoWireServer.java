package io.parley.workspace.documents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.LoggerFactory;

/**
 * The embedded Mongo-wire server (memory backend, as platform's {@code EmbeddedMongo}) as a process of its own, so
 * that the gigabytes of chunks an upload benchmark stores live in a heap sized for them, not in the benchmark's.
 * Writes its connection string to the file named by the first argument; exits when its standard input closes (the
 * benchmark holds it open), so it never outlives the benchmark.
 */
public final class MongoWireServer {

	private MongoWireServer() {
	}

	public static void main(String[] args) throws Exception {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("127.0.0.1", 0);
		Path uri = Path.of(args[0]);
		Files.writeString(uri.resolveSibling(uri.getFileName() + ".tmp"), server.getConnectionString(),
				StandardCharsets.UTF_8);
		Files.move(uri.resolveSibling(uri.getFileName() + ".tmp"), uri);
		while (System.in.read() != -1) {
			// until the parent goes away
		}
		server.shutdownNow();
		System.exit(0);
	}

}
