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
 * NUL-terminated line, {@code stream: OK} or {@code stream: <signature> FOUND}. The heuristic findings of
 * {@code docker/clamd.env} (encrypted content, exceeded limits) come as FOUND too and are infected like any other.
 * {@code INSTREAM size limit exceeded. ERROR} (longer than StreamMaxLength) is a verdict as well, {@link #STREAM_TOO_LONG}:
 * clamd saw only part of the content, which is not clean, and scanning it again would not change that. Anything else
 * is an error and the content stays pending. One connection per scan; the content is never held whole.
 */
public final class ClamdScanner {

	/**
	 * The finding recorded when the content is longer than clamd's {@code StreamMaxLength}: clamd did not look at all
	 * of it, so it is not clean. Named like clamd's own {@code AlertExceedsMax} findings.
	 */
	public static final String STREAM_TOO_LONG = "Heuristics.Limits.Exceeded.StreamMaxLength";

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
			try {
				send(content, new DataOutputStream(socket.getOutputStream()));
			}
			catch (IOException ex) {
				// clamd answers and closes the connection as soon as the stream passes StreamMaxLength, so the rest
				// of the upload meets a closed socket: its answer, if it sent one, is the verdict.
				return verdict(replyAfterFailedSend(socket, ex));
			}
			return verdict(readReply(socket.getInputStream()));
		}
	}

	private static void send(InputStream content, DataOutputStream out) throws IOException {
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
	}

	private static String replyAfterFailedSend(Socket socket, IOException sendFailure) throws IOException {
		try {
			String reply = readReply(socket.getInputStream());
			if (!reply.isEmpty()) {
				return reply;
			}
		}
		catch (IOException ex) {
			sendFailure.addSuppressed(ex);
		}
		throw sendFailure;
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
		if (reply.startsWith("INSTREAM size limit exceeded")) {
			return new ScanVerdict.Infected(STREAM_TOO_LONG);
		}
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
