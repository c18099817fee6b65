package io.parley.workspace.scanning;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * A real clamd (Debian's {@code clamav-daemon}) for the tests of one JVM, started on first use with the options of
 * {@code docker/clamd.env} (what the compose stack's clamd runs with: alerts on encrypted content and exceeded
 * limits) plus TCP on a free port of 127.0.0.1, no local socket, in the foreground, and a signature database holding
 * only the EICAR test signature (clamd cannot download the official ones here, and need not). If clamd is not installed
 * the tests fail, saying which package to install: a skipped scanner test would pass for the wrong reason.
 */
public final class ClamdExtension implements BeforeAllCallback {

	/** The EICAR anti-virus test file, assembled at run time so that this source file is not itself "infected". */
	public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

	/** The name clamd reports (it appends {@code .UNOFFICIAL} for a database of our own). */
	public static final String SIGNATURE = "Eicar-Signature";

	/** Running daemons by the settings they were started with on top of the shared ones. */
	private static final Map<Map<String, String>, String> RUNNING = new HashMap<>();

	@Override
	public void beforeAll(ExtensionContext context) {
		address();
	}

	/** {@code 127.0.0.1:<port>} of the running clamd, starting it if needed. */
	public static String address() {
		return address(Map.of());
	}

	/**
	 * {@code 127.0.0.1:<port>} of a second clamd whose {@code StreamMaxLength} is {@code limit} (e.g. {@code 1M}), so
	 * a test can send more than the limit without sending 110 MB.
	 */
	public static String addressWithStreamMaxLength(String limit) {
		return address(Map.of("StreamMaxLength", limit));
	}

	private static synchronized String address(Map<String, String> overrides) {
		return RUNNING.computeIfAbsent(overrides, (settings) -> "127.0.0.1:" + start(settings));
	}

	private static int start(Map<String, String> overrides) {
		Path clamd = Stream.of("/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("clamd is not installed. The scanning tests run against a real "
					+ "clamd: install Debian's clamav-daemon (apt-get install -y clamav-daemon)."));
		try {
			Path dir = Files.createTempDirectory("parley-clamd");
			Path database = Files.createDirectory(dir.resolve("db"));
			Files.writeString(database.resolve("parley-test.ndb"), SIGNATURE + ":0:*:"
					+ HexFormat.of().formatHex(EICAR.getBytes(StandardCharsets.US_ASCII)) + "\n");
			int free = freePort();
			Map<String, String> settings = deployedSettings();
			settings.putAll(overrides);
			List<String> lines = new ArrayList<>(List.of("Foreground yes", "TCPSocket " + free, "TCPAddr 127.0.0.1",
					"DatabaseDirectory " + database, "LogFile " + dir.resolve("clamd.log"), "MaxThreads 4"));
			settings.forEach((option, value) -> lines.add(option + " " + value));
			lines.add("");
			Path config = Files.writeString(dir.resolve("clamd.conf"), String.join("\n", lines));
			Process process = new ProcessBuilder(clamd.toString(), "-c", config.toString()).redirectErrorStream(true)
				.redirectOutput(dir.resolve("clamd.out").toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			await("clamd answering PING on port " + free).atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !process.isAlive() || pong(free));
			if (!process.isAlive()) {
				throw new IllegalStateException("clamd exited at start: " + Files.readString(dir.resolve("clamd.out")));
			}
			return free;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The clamd options the compose stack's clamav service runs with, from {@code docker/clamd.env}
	 * ({@code CLAMD_CONF_<Option>=<value>}): the tests scan with the limits and alerts a deployment has.
	 */
	static Map<String, String> deployedSettings() throws IOException {
		Path file = Stream.of("docker/clamd.env", "../docker/clamd.env")
			.map(Path::of)
			.filter(Files::isRegularFile)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("docker/clamd.env not found from " + Path.of("").toAbsolutePath()));
		Map<String, String> settings = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("CLAMD_CONF_") && trimmed.contains("=")) {
				int equals = trimmed.indexOf('=');
				settings.put(trimmed.substring("CLAMD_CONF_".length(), equals), trimmed.substring(equals + 1));
			}
		}
		return settings;
	}

	private static boolean pong(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
