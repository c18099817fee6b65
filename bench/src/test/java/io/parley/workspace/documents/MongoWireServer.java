package io.parley.workspace.documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.LoggerFactory;

/**
 * The embedded Mongo-wire server (memory backend, as platform's {@code EmbeddedMongo}; or, with
 * {@code -Dmongo.h2File=<file>} among the JVM options, the H2 backend that devstack runs the portal on, in a new file)
 * as a process of its own, so
 * that the gigabytes of chunks an upload benchmark stores live in a heap sized for them, not in the benchmark's.
 * Writes its connection string to the file named by the first argument; exits when its standard input closes (the
 * benchmark holds it open), so it never outlives the benchmark.
 */
public final class MongoWireServer {

	private MongoWireServer() {
	}

	/**
	 * Starts the server in a JVM of its own ({@code -Xms} = {@code -Xmx} = {@code heap}, plus {@code extraJvmArgs}
	 * separated by blanks, e.g. a JFR recording), its output in {@code target/<name>.log}, and waits for its
	 * connection string.
	 */
	public static Launched launch(String name, String heap, String extraJvmArgs) throws IOException {
		Path target = Files.createDirectories(Path.of("target"));
		Path uriFile = target.resolve(name + "-" + ProcessHandle.current().pid() + ".uri");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xms" + heap, "-Xmx" + heap));
		if (!extraJvmArgs.isBlank()) {
			command.addAll(List.of(extraJvmArgs.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp",
				System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
				MongoWireServer.class.getName(), uriFile.toString()));
		Path log = target.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Launched launched = new Launched(process, uriFile);
		Runtime.getRuntime().addShutdownHook(new Thread(launched::close));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!Files.exists(uriFile)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				launched.close();
				throw new IllegalStateException("Mongo-wire server did not start; see " + log);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		return launched;
	}

	/** A server started by {@link #launch}; closing it closes its standard input, so it ends (and writes a recording). */
	public static final class Launched implements AutoCloseable {

		private final Process process;

		private final Path uriFile;

		private Launched(Process process, Path uriFile) {
			this.process = process;
			this.uriFile = uriFile;
		}

		public Process process() {
			return this.process;
		}

		public String uri() throws IOException {
			return Files.readString(this.uriFile, StandardCharsets.UTF_8).trim();
		}

		@Override
		public void close() {
			try {
				this.process.getOutputStream().close();
				this.process.waitFor(30, TimeUnit.SECONDS);
				Files.deleteIfExists(this.uriFile);
			}
			catch (IOException ex) {
				// gone already
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process.destroyForcibly();
		}

	}

	public static void main(String[] args) throws Exception {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String h2File = System.getProperty("mongo.h2File");
		if (h2File != null) {
			Files.deleteIfExists(Path.of(h2File));
		}
		MongoBackend backend = (h2File != null) ? new H2Backend(h2File) : new MemoryBackend();
		MongoServer server = new MongoServer(backend);
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
