package io.parley.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of the portal's Boot jars in a JVM of its own, as devstack and a deployment run it: configured by its
 * environment, its output in {@code target/<name>.log}, up when {@code healthPath} answers 200, and stopped with the
 * benchmark (SIGTERM, then a shutdown hook that kills it if the benchmark JVM ends first).
 */
public record ServiceJvm(String name, Process process, String base, Path log) implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Starts {@code jar} with {@code -Xmx<heap>}, the environment given plus {@code portVariable} = a free port, and
	 * waits up to 3 minutes for {@code healthPath}. The system property {@code bench.<name>.jvmArgs} adds JVM
	 * options (blank-separated), e.g. {@code -XX:StartFlightRecording=filename=target/rollouts.jfr,settings=profile}.
	 */
	public static ServiceJvm start(String name, Path jar, String heap, String portVariable, Map<String, String> env,
			String healthPath) throws IOException {
		assertThat(jar).as("build it in the same reactor (-pl <module>,bench -am): %s", jar).exists();
		int port = freePort();
		Path log = Files.createDirectories(Path.of("target")).resolve(name + ".log").toAbsolutePath();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
		String extra = System.getProperty("bench." + name + ".jvmArgs", "");
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(env);
		builder.environment().put(portVariable, Integer.toString(port));
		Process process = builder.start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		ServiceJvm service = new ServiceJvm(name, process, "http://127.0.0.1:" + port, log);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (!ok(service.base() + healthPath)) {
			assertThat(process.isAlive()).as("%s is running; its log: %s", name, log).isTrue();
			assertThat(System.nanoTime()).as("%s answered %s in time; its log: %s", name, healthPath, log)
				.isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
		}
		System.out.printf("%s up (pid %d, -Xmx%s, %s, log %s)%n", name, process.pid(), heap, service.base(), log);
		return service;
	}

	public static int freePort() throws IOException {
		try (ServerSocket free = new ServerSocket(0)) {
			return free.getLocalPort();
		}
	}

	/** CPU seconds the process has used so far. */
	public double cpuSeconds() {
		return this.process.info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(Double.NaN);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Whether {@code url} answers 200 now (a health or liveness check). */
	public static boolean ok(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
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

}
