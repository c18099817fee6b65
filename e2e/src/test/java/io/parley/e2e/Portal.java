package io.parley.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole portal exactly as a developer starts it: devstack's jar in its own process (Keycloak from the official
 * distribution, embedded Mongo-wire server, RabbitMQ, SMTP and the four services). Started once for all test
 * classes of the run and stopped the way a person stops it (SIGTERM, as Ctrl-C does).
 */
public final class Portal implements BeforeAllCallback {

	static final String BASE_URL = "http://127.0.0.1:8080";

	static final Duration START_TIMEOUT = Duration.ofMinutes(12); // Keycloak's first start may take 7 (devstack)

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.getOrComputeIfAbsent(Running.class, (key) -> Running.start(), Running.class);
	}

	static Path outputDirectory() {
		Path dir = Path.of(System.getProperty("e2e.output", "target/e2e"));
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Running(Process process, Path log) implements ExtensionContext.Store.CloseableResource {

		static Running start() {
			Path jar = Path.of(System.getProperty("e2e.devstack.jar", "../devstack/target/devstack.jar"))
				.toAbsolutePath()
				.normalize();
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: run the tests through the reactor (./mvnw verify)");
			}
			Path home = Path.of(System.getProperty("e2e.home", "target/devstack-home")).toAbsolutePath();
			Path log = outputDirectory().resolve("devstack.out");
			// devstack finds the checkout (and the service jars) by walking up from its working directory
			Path root = jar.getParent().getParent().getParent();
			ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx1g", "-jar", jar.toString())
				.directory(root.toFile())
				.redirectErrorStream(true);
			builder.environment().put("PARLEY_HOME", home.toString());
			try {
				Process process = builder.start();
				Running running = new Running(process, log);
				running.awaitUp();
				return running;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void awaitUp() {
			Deque<String> tail = new ArrayDeque<>();
			CompletableFuture<Boolean> up = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
						Writer out = Files.newBufferedWriter(this.log)) {
					String line;
					while ((line = in.readLine()) != null) {
						out.write(line + System.lineSeparator());
						out.flush();
						synchronized (tail) {
							tail.addLast(line);
							if (tail.size() > 40) {
								tail.removeFirst();
							}
						}
						if (line.contains("Parley is up")) {
							up.complete(true);
						}
					}
				}
				catch (IOException ex) {
					// the process ended; the exit check below reports it
				}
				up.complete(false);
			}, "devstack-output");
			reader.setDaemon(true);
			reader.start();
			boolean started;
			try {
				started = up.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				started = false;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			if (!started) {
				close();
				List<String> lines;
				synchronized (tail) {
					lines = List.copyOf(tail);
				}
				throw new IllegalStateException("devstack did not come up within " + START_TIMEOUT + "; last lines:\n"
						+ String.join("\n", lines) + "\n(full output: " + this.log + ")");
			}
		}

		@Override
		public void close() {
			this.process.destroy();
			try {
				if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
					this.process.descendants().forEach(ProcessHandle::destroyForcibly);
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static String javaExecutable() {
			return Path.of(System.getProperty("java.home"), "bin", "java").toString();
		}

	}

}
