package io.parley.notifications.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 POST to a checked address. Written on a plain socket rather than with an HTTP client library because
 * the connection must go to the very address {@link Receivers} checked (a client that resolves the name again could
 * be sent elsewhere by a DNS answer that changed); TLS still verifies the certificate against the URL's host name
 * (SNI and endpoint identification). Redirects are not followed: a 3xx is a failed attempt. Only the status line
 * of the answer is read.
 */
final class WebhookClient {

	private final Duration connectTimeout;

	private final Duration readTimeout;

	WebhookClient(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/** What an attempt came to: a status, or why there was none (in words, never with the secret or headers). */
	record Outcome(@Nullable Integer status, @Nullable String error) {

		boolean delivered() {
			return this.status != null && this.status >= 200 && this.status < 300;
		}

		String describe() {
			if (this.error != null) {
				return this.error;
			}
			if (this.status != null && this.status >= 300 && this.status < 400) {
				return "HTTP " + this.status + " (redirects are not followed)";
			}
			return "HTTP " + this.status;
		}

	}

	Outcome post(Receivers.Target target, Map<String, String> headers, String body) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String host = target.url().getHost();
		try (Socket socket = connect(target, host)) {
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder("POST ").append(path(target)).append(" HTTP/1.1\r\n");
			boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
			request.append("Host: ").append(host).append(defaultPort ? "" : ":" + target.port()).append("\r\n");
			request.append("User-Agent: Parley-Webhooks/1\r\n");
			request.append("Content-Type: application/json\r\n");
			request.append("Content-Length: ").append(content.length).append("\r\n");
			request.append("Connection: close\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n");
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
			return new Outcome(status(socket.getInputStream(), System.nanoTime() + this.readTimeout.toNanos()), null);
		}
		catch (SocketTimeoutException ex) {
			return new Outcome(null, "no answer within the timeout");
		}
		catch (ConnectException ex) {
			return new Outcome(null, "connection refused");
		}
		catch (SSLException ex) {
			return new Outcome(null, "TLS failed: " + ex.getMessage());
		}
		catch (IOException ex) {
			return new Outcome(null, "connection failed: " + ex.getClass().getSimpleName());
		}
	}

	private Socket connect(Receivers.Target target, String host) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(target.address(), target.port()),
					(int) this.connectTimeout.toMillis());
			socket.setSoTimeout((int) this.readTimeout.toMillis());
			if (!target.tls()) {
				return socket;
			}
			SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host,
					target.port(), true);
			SSLParameters parameters = tls.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
				parameters.setServerNames(List.of(new SNIHostName(host)));
			}
			tls.setSSLParameters(parameters);
			tls.startHandshake();
			return tls;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String path(Receivers.Target target) {
		String path = target.url().getRawPath();
		String query = target.url().getRawQuery();
		return ((path == null || path.isEmpty()) ? "/" : path) + ((query != null) ? "?" + query : "");
	}

	/** The status code of {@code HTTP/1.1 200 OK}; a receiver that trickles it byte by byte still has one timeout. */
	private static int status(InputStream in, long deadline) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
			if (System.nanoTime() > deadline) {
				throw new SocketTimeoutException("answer too slow");
			}
			line.append((char) c);
		}
		String[] parts = line.toString().trim().split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("not an HTTP answer");
		}
		try {
			return Integer.parseInt(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw new IOException("not an HTTP answer", ex);
		}
	}

}
