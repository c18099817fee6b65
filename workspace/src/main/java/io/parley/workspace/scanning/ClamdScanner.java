package io.parley.workspace.scanning;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of clamd's {@code INSTREAM} command (clamd.conf(5), "INSTREAM"): the content goes in chunks, each
 * prefixed with its length as a 4-byte big-endian integer, a zero-length chunk ends it, and clamd answers one
 * NUL-terminated line, {@code stream: OK} or {@code stream: <signature> FOUND} (anything else is an error, e.g.
 * {@code INSTREAM size limit exceeded. ERROR}). One connection per scan; the content is never held whole.
 */
public final class ClamdScanner {

	/** clamd reads chunks of any size up to StreamMaxLength; 64 KiB keeps our buffer small. */
	private static final int CHUNK = 64 * 1024;

	private static final int MAX_REPLY = 4096;

	private final String host;

	private final int port;

	private final int timeoutMillis;

	public ClamdScanner(String address, Duration timeout) {
		int colon = address.lastIndexOf(':');
		this.host = address.substring(0, colon);
		this.port = Integer.parseInt(address.substring(colon + 1));
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
	}

	public ScanVerdict scan(InputStream content) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), this.timeoutMillis);
			socket.setSoTimeout(this.timeoutMillis);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			// "z" prefix: the command and the reply are NUL-terminated
			out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
			byte[] buffer = new byte[CHUNK];
			for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
				if (read > 0) {
					out.writeInt(read);
					out.write(buffer, 0, read);
				}
			}
			out.writeInt(0);
			out.flush();
			return verdict(readReply(socket.getInputStream()));
		}
	}

	private static String readReply(InputStream in) throws IOException {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		for (int b = in.read(); b != -1 && b != 0; b = in.read()) {
			if (reply.size() == MAX_REPLY) {
				throw new IOException("clamd replied with more than " + MAX_REPLY + " bytes");
			}
			reply.write(b);
		}
		return reply.toString(StandardCharsets.US_ASCII).trim();
	}

	static ScanVerdict verdict(String reply) throws IOException {
		String prefix = "stream: ";
		if (reply.equals(prefix + "OK")) {
			return new ScanVerdict.Clean();
		}
		if (reply.startsWith(prefix) && reply.endsWith(" FOUND")) {
			String signature = reply.substring(prefix.length(), reply.length() - " FOUND".length()).trim();
			if (!signature.isEmpty()) {
				return new ScanVerdict.Infected(signature);
			}
		}
		throw new IOException("clamd could not scan the stream: " + reply);
	}

}
