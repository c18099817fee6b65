package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1.1) read part by part as it arrives, through one fixed
 * buffer: a part's content is handed out in slices of that buffer as soon as it is known not to hold a delimiter, so
 * nothing is spooled and a file is never whole in memory (ADR 0018).
 * <p>
 * Why our own: commons-fileupload's streaming parser compared every byte of a file against the boundary in a loop of
 * its own over a 4 KiB buffer, and that loop was most of an upload's CPU. Here the delimiter ({@code CRLF--boundary})
 * is searched with Boyer–Moore–Horspool: in file content, which almost never holds the boundary's last byte where a
 * delimiter would end, the search looks at about one byte in every delimiter length and compares the rest only where
 * that byte matches ({@link Arrays#equals(byte[], int, int, byte[], int, int)}, a vectorised intrinsic).
 * <p>
 * The body is taken to start with a CRLF, so that the first boundary line (which has none before it) is found like any
 * other delimiter and whatever precedes it — the preamble — is skipped like the content of a part. What follows the
 * closing delimiter (the epilogue) is never read. Limits: at most {@code maxBytes} bytes are read from the stream
 * (one more is read to notice a body that is longer; the body is not read any further), and a part's header section
 * has at most {@link #MAX_HEADER_BYTES}. A body that ends before its closing delimiter, or whose boundary line or
 * headers are not what RFC 2046 allows, is {@link Malformed}.
 */
final class MultipartReader {

	/** Part headers are a Content-Disposition with a name and a file name and a Content-Type: far less than this. */
	static final int MAX_HEADER_BYTES = 8 * 1024;

	/** RFC 2046: a boundary has 1 to 70 characters. */
	private static final int MAX_BOUNDARY = 70;

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private static final byte DASH = '-';

	private final InputStream in;

	/** {@code CRLF -- boundary}: what ends a part's content. */
	private final byte[] delimiter;

	/** Boyer–Moore–Horspool: how far the search window may move when its last byte is this one. */
	private final int[] shift = new int[256];

	private final long maxBytes;

	private final byte[] buffer;

	/** The next byte not yet handed out or consumed. */
	private int position;

	/** The end of the bytes read into the buffer. */
	private int limit;

	/** In content: no delimiter starts in {@code [position, safeEnd)}, so these bytes are the part's. */
	private int safeEnd;

	/** In content: where the delimiter that ends it starts, or -1 while it has not been seen. */
	private int delimiterAt = -1;

	private long read;

	private boolean eof;

	private State state = State.CONTENT;

	private final InputStream content = new PartContent();

	private enum State {

		/** Inside a part's content (or the preamble): {@link #content} reads it. */
		CONTENT,
		/** The content has been read to its delimiter. */
		DELIMITER,
		/** After the closing delimiter. */
		END

	}

	/**
	 * @param in the body, not read until {@link #next()} is first called
	 * @param boundary the {@code boundary} parameter of the request's content type ({@link #boundary(String)})
	 * @param maxBytes how much of the body may be read; a longer body is {@link TooLarge}
	 * @param bufferSize bytes buffered at most; larger than {@link #MAX_HEADER_BYTES} and the delimiter together
	 */
	MultipartReader(InputStream in, String boundary, long maxBytes, int bufferSize) {
		this.in = in;
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
		this.maxBytes = maxBytes;
		this.buffer = new byte[Math.max(bufferSize, MAX_HEADER_BYTES + 2 * this.delimiter.length + 4)];
		int m = this.delimiter.length;
		Arrays.fill(this.shift, m);
		for (int i = 0; i < m - 1; i++) {
			this.shift[this.delimiter[i] & 0xff] = m - 1 - i;
		}
		// the body is read as if it began with CRLF, so that a first boundary line at its very start is a delimiter
		this.buffer[0] = CR;
		this.buffer[1] = LF;
		this.limit = 2;
	}

	/**
	 * The boundary of a {@code multipart/form-data} content type (quoted or not).
	 * @throws Malformed if there is none, or it is not 1–70 characters of printable ASCII
	 */
	static String boundary(@Nullable String contentType) throws Malformed {
		if (contentType == null) {
			throw new Malformed("the request has no content type");
		}
		Map<String, String> parameters = parametersIf(contentType, "multipart/form-data");
		if (parameters == null) {
			throw new Malformed("the content type is not multipart/form-data");
		}
		String boundary = parameters.get("boundary");
		if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY
				|| !boundary.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			throw new Malformed("the content type has no valid boundary (1–70 ASCII characters)");
		}
		return boundary;
	}

	/** A part's headers: the field name, the file name if it is a file (possibly empty), the content type. */
	record Part(String name, @Nullable String fileName, @Nullable String contentType) {

		boolean isFile() {
			return this.fileName != null;
		}

	}

	/**
	 * Skips what is left of the current part's content (or the preamble) and reads the next part's headers.
	 * @return the next part, whose content {@link #content()} then reads, or {@code null} after the last one
	 */
	@Nullable Part next() throws IOException {
		if (this.state == State.END) {
			return null;
		}
		while (this.state == State.CONTENT) {
			int available = contentAvailable();
			this.position += available;
		}
		// at the delimiter: CRLF--boundary, then "--" (the last) or optional white space and CRLF (another part)
		this.position += this.delimiter.length;
		require(2, "the body ends right after a boundary");
		if (this.buffer[this.position] == DASH && this.buffer[this.position + 1] == DASH) {
			this.state = State.END;
			return null;
		}
		int end = lineEnd(MAX_HEADER_BYTES);
		for (int i = this.position; i < end; i++) {
			if (this.buffer[i] != ' ' && this.buffer[i] != '\t') {
				throw new Malformed("a boundary is followed by something other than a line break");
			}
		}
		this.position = end + 2;
		Part part = part(headers());
		this.state = State.CONTENT;
		this.safeEnd = this.position;
		this.delimiterAt = -1;
		return part;
	}

	/** The current part's content; it ends (-1) at the part's delimiter, and {@link #next()} moves past it. */
	InputStream content() {
		return this.content;
	}

	/**
	 * How many bytes from {@link #position} are content of the current part for sure; 0 means the delimiter starts at
	 * {@link #position} (and the state is now {@link State#DELIMITER}). Reads more of the body when it must.
	 */
	private int contentAvailable() throws IOException {
		while (true) {
			if (this.delimiterAt >= 0) {
				int available = this.delimiterAt - this.position;
				if (available == 0) {
					this.state = State.DELIMITER;
				}
				return available;
			}
			if (this.safeEnd > this.position) {
				return this.safeEnd - this.position;
			}
			int found = search(this.position, this.limit);
			if (found >= 0) {
				this.delimiterAt = found;
				continue;
			}
			// no delimiter starts before the last (length - 1) bytes: they may be the start of one still arriving
			this.safeEnd = Math.max(this.position, this.limit - this.delimiter.length + 1);
			if (this.safeEnd > this.position) {
				return this.safeEnd - this.position;
			}
			if (this.eof) {
				throw new Malformed("the body ends before the closing boundary");
			}
			fill();
		}
	}

	/** Boyer–Moore–Horspool: the first delimiter that starts in {@code [from, to)} and ends before {@code to}, or -1. */
	private int search(int from, int to) {
		byte[] pattern = this.delimiter;
		int last = pattern.length - 1;
		byte end = pattern[last];
		for (int i = from; i + last < to; i += this.shift[this.buffer[i + last] & 0xff]) {
			if (this.buffer[i + last] == end && Arrays.equals(this.buffer, i, i + last, pattern, 0, last)) {
				return i;
			}
		}
		return -1;
	}

	/** Makes {@code count} bytes from {@link #position} available, or throws with {@code problem} at the body's end. */
	private void require(int count, String problem) throws IOException {
		while (this.limit - this.position < count) {
			if (this.eof) {
				throw new Malformed(problem);
			}
			fill();
		}
	}

	/** The header section of a part, up to and including the empty line that ends it. */
	private Map<String, String> headers() throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		String previous = null;
		int left = MAX_HEADER_BYTES;
		while (true) {
			int end = lineEnd(left);
			String line = new String(this.buffer, this.position, end - this.position, StandardCharsets.UTF_8);
			left -= end + 2 - this.position;
			this.position = end + 2;
			if (line.isEmpty()) {
				return headers;
			}
			if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
				// an obsolete folded line continues the header before it
				headers.merge(previous, " " + line.strip(), String::concat);
			}
			else {
				int colon = line.indexOf(':');
				if (colon <= 0) {
					throw new Malformed("a part's header line has no name");
				}
				previous = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
				headers.putIfAbsent(previous, line.substring(colon + 1).strip());
			}
		}
	}

	/** Where the CRLF that ends the line at {@link #position} starts; the line and its CRLF have at most {@code max} bytes. */
	private int lineEnd(int max) throws IOException {
		int scanned = this.position;
		while (true) {
			for (; scanned + 1 < this.limit; scanned++) {
				if (this.buffer[scanned] == CR && this.buffer[scanned + 1] == LF) {
					if (scanned + 2 - this.position > max) {
						break;
					}
					return scanned;
				}
			}
			if (this.limit - this.position > max) {
				throw new TooLarge("A part's headers may have at most " + MAX_HEADER_BYTES + " bytes.");
			}
			if (this.eof) {
				throw new Malformed("the body ends inside a part's headers");
			}
			int before = this.position;
			fill();
			scanned -= before - this.position;
		}
	}

	private static Part part(Map<String, String> headers) throws Malformed {
		String disposition = headers.get("content-disposition");
		if (disposition == null) {
			throw new Malformed("a part has no Content-Disposition");
		}
		Map<String, String> parameters = parametersIf(disposition, "form-data");
		if (parameters == null) {
			throw new Malformed("a part is not form-data");
		}
		String name = parameters.get("name");
		if (name == null || name.isEmpty()) {
			throw new Malformed("a part has no name");
		}
		return new Part(name, parameters.get("filename"), headers.get("content-type"));
	}

	/** The parameters of a header value {@code type; key=value; ...}, or {@code null} if its type is not {@code type}. */
	private static @Nullable Map<String, String> parametersIf(String value, String type) {
		int semicolon = value.indexOf(';');
		String actual = (semicolon < 0) ? value : value.substring(0, semicolon);
		if (!actual.strip().equalsIgnoreCase(type)) {
			return null;
		}
		return (semicolon < 0) ? Map.of() : parameters(value.substring(semicolon + 1));
	}

	/**
	 * {@code ; key=value; key="quoted; value"} as browsers write them: a semicolon inside quotes does not separate,
	 * a backslash keeps the next quote from closing, and the value is taken as written between its quotes (browsers
	 * percent-encode quotes and line breaks in file names; what is left is sanitised by {@link FileNames}). Keys are
	 * lower case; the first of a key wins.
	 */
	static Map<String, String> parameters(String text) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int i = 0;
		while (i < text.length()) {
			boolean quoted = false;
			boolean escaped = false;
			int start = i;
			for (; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '"' && !escaped) {
					quoted = !quoted;
				}
				else if (c == ';' && !quoted) {
					break;
				}
				escaped = !escaped && c == '\\';
			}
			String parameter = text.substring(start, i);
			i++;
			int equals = parameter.indexOf('=');
			String key = (equals < 0) ? "" : parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
			if (key.isEmpty()) {
				continue;
			}
			String value = parameter.substring(equals + 1).strip();
			if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
				value = value.substring(1, value.length() - 1);
			}
			parameters.putIfAbsent(key, value);
		}
		return parameters;
	}

	/**
	 * Reads more of the body after what is there, first moving the bytes from {@link #position} on to the buffer's
	 * start. Never reads past {@code maxBytes + 1}.
	 */
	private void fill() throws IOException {
		if (this.position > 0) {
			// what is left is short: less than a delimiter in content, less than the header limit in headers
			compact();
		}
		// one byte past the limit tells a longer body; saturating, so that a limit of Long.MAX_VALUE does not overflow
		long allowed = Math.max(1, this.maxBytes - this.read + 1);
		int n = this.in.read(this.buffer, this.limit, (int) Math.min(this.buffer.length - this.limit, allowed));
		if (n < 0) {
			this.eof = true;
			return;
		}
		this.read += n;
		this.limit += n;
		if (this.read > this.maxBytes) {
			throw new TooLarge(null);
		}
	}

	private void compact() {
		int from = this.position;
		System.arraycopy(this.buffer, from, this.buffer, 0, this.limit - from);
		this.limit -= from;
		this.position = 0;
		this.safeEnd = Math.max(0, this.safeEnd - from);
		if (this.delimiterAt >= 0) {
			this.delimiterAt -= from;
		}
	}

	/** The current part's content as a stream: slices of the buffer up to the delimiter. */
	private final class PartContent extends InputStream {

		@Override
		public int read() throws IOException {
			if (MultipartReader.this.state != State.CONTENT || contentAvailable() == 0) {
				return -1;
			}
			return MultipartReader.this.buffer[MultipartReader.this.position++] & 0xff;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			if (MultipartReader.this.state != State.CONTENT) {
				return -1;
			}
			int available = contentAvailable();
			if (available == 0) {
				return -1;
			}
			int n = Math.min(length, available);
			System.arraycopy(MultipartReader.this.buffer, MultipartReader.this.position, target, offset, n);
			MultipartReader.this.position += n;
			return n;
		}

		@Override
		public int available() {
			if (MultipartReader.this.state != State.CONTENT) {
				return 0;
			}
			int known = (MultipartReader.this.delimiterAt >= 0) ? MultipartReader.this.delimiterAt
					: MultipartReader.this.safeEnd;
			return Math.max(0, known - MultipartReader.this.position);
		}

	}

	/** The body is not a complete, well-formed multipart body. */
	static final class Malformed extends IOException {

		Malformed(String problem) {
			super(problem);
		}

	}

	/** A limit was reached while reading: the body, a part's headers, or (from {@link MultipartUpload}) a file. */
	static final class TooLarge extends IOException {

		private final @Nullable String detail;

		TooLarge(@Nullable String detail) {
			super((detail != null) ? detail : "over the size limit");
			this.detail = detail;
		}

		/** What to tell the client, if more specific than the request and file limits. */
		@Nullable String detail() {
			return this.detail;
		}

	}

}
