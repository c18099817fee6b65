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
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * A real clamd (Debian's {@code clamav-daemon}) for the tests of one JVM, started on first use with a configuration of
 * its own: TCP on a free port of 127.0.0.1, no local socket, in the foreground, and a signature database holding only
 * the EICAR test signature (clamd cannot download the official ones here, and need not). If clamd is not installed
 * the tests fail, saying which package to install: a skipped scanner test would pass for the wrong reason.
 */
public final class ClamdExtension implements BeforeAllCallback {

	/** The EICAR anti-virus test file, assembled at run time so that this source file is not itself "infected". */
	public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

	/** The name clamd reports (it appends {@code .UNOFFICIAL} for a database of our own). */
	public static final String SIGNATURE = "Eicar-Signature";

	private static Path directory;

	private static int port;

	@Override
	public void beforeAll(ExtensionContext context) {
		address();
	}

	/** {@code 127.0.0.1:<port>} of the running clamd, starting it if needed. */
	public static synchronized String address() {
		if (directory == null) {
			start();
		}
		return "127.0.0.1:" + port;
	}

	private static void start() {
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
			Path config = Files.writeString(dir.resolve("clamd.conf"), String.join("\n", "Foreground yes",
					"TCPSocket " + free, "TCPAddr 127.0.0.1", "DatabaseDirectory " + database,
					"LogFile " + dir.resolve("clamd.log"), "StreamMaxLength 200M", "MaxThreads 4", ""));
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
			directory = dir;
			port = free;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
