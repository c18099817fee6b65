package io.parley.workspace.documents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.parley.workspace.documents.MultipartReader.Malformed;
import io.parley.workspace.documents.MultipartReader.Part;
import io.parley.workspace.documents.MultipartReader.TooLarge;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The multipart reader on its own: bodies built byte by byte, delivered in reads of every size (so that a delimiter
 * is split across reads at every position), with contents made to look like delimiters.
 */
class MultipartReaderTests {

	private static final String BOUNDARY = "----parleyB0undary7MA4YWxkTrZu0gW";

	private static final int BUFFER = 16 * 1024;

	@Test
	void givenDelimiterSplitAcrossReads_whenReadInEveryReadSize_thenEveryPartHasExactlyItsBytes() throws Exception {
		byte[] file = ("first line\r\nsecond line\r\n--" + BOUNDARY.substring(0, 10) + "\r\n").getBytes(
				StandardCharsets.US_ASCII);
		byte[] body = body(field("label", "TLP:GREEN"), file("a.bin", "application/octet-stream", file), "--\r\n");
		for (int size = 1; size <= body.length; size++) {
			List<Read> parts = readAll(new Trickle(body, size), body.length);
			assertThat(parts).as("reads of %d bytes", size).hasSize(2);
			assertThat(parts.get(0).text()).isEqualTo("TLP:GREEN");
			assertThat(parts.get(1).content()).as("reads of %d bytes", size).isEqualTo(file);
			assertThat(parts.get(1).part().fileName()).isEqualTo("a.bin");
			assertThat(parts.get(1).part().contentType()).isEqualTo("application/octet-stream");
		}
	}

	@Test
	void givenContentThatAlmostHoldsTheDelimiter_whenRead_thenItIsAllContent() throws Exception {
		String[] lookalikes = { "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1), // one byte short
				"--" + BOUNDARY + "\r\n", // a boundary line without the line break before it
				"\n--" + BOUNDARY, "\r--" + BOUNDARY, "\r\n-" + BOUNDARY, "\r\n--" + BOUNDARY.toLowerCase(),
				BOUNDARY + BOUNDARY, "\r\n\r\n--\r\n--", "\r\r\n\r\n--" + BOUNDARY.substring(1) };
		for (String lookalike : lookalikes) {
			byte[] content = ("before" + lookalike + "after").getBytes(StandardCharsets.US_ASCII);
			byte[] at = lookalike.getBytes(StandardCharsets.US_ASCII);
			byte[] body = body(file("x.txt", null, content), file("y.txt", null, at), "--");
			for (int size : new int[] { 1, 7, 64, body.length }) {
				List<Read> parts = readAll(new Trickle(body, size), body.length);
				assertThat(parts).hasSize(2);
				assertThat(parts.get(0).content()).as("%s in reads of %d", lookalike, size).isEqualTo(content);
				assertThat(parts.get(1).content()).as("%s alone in reads of %d", lookalike, size).isEqualTo(at);
			}
		}
	}

	@Test
	void givenContentsEndingInLineBreaksOrEmpty_whenRead_thenTheLineBreaksAreKept() throws Exception {
		byte[][] contents = { bytes("line\r\n"), bytes("\r\n"), bytes("\r"), bytes("\n"), bytes("\r\n\r\n"),
				new byte[0], bytes("-"), bytes("--") };
		for (byte[] content : contents) {
			byte[] body = body(file("f", null, content), "--\r\n");
			assertThat(readAll(new Trickle(body, 3), body.length).get(0).content()).isEqualTo(content);
		}
	}

	@Test
	void givenPreambleEpilogueAndPadding_whenRead_thenOnlyThePartsAreSeen() throws Exception {
		byte[] body = bytes("This is the preamble. --" + BOUNDARY + " is not a delimiter here.\r\n\r\n--" + BOUNDARY
				+ " \t\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nTLP:AMBER\r\n--" + BOUNDARY
				+ "--\r\nThis is the epilogue, never read\r\n--" + BOUNDARY + "\r\n");
		List<Read> parts = readAll(new Trickle(body, 5), body.length);
		assertThat(parts).extracting(Read::text).containsExactly("TLP:AMBER");
	}

	@Test
	void givenBodyStartingWithTheBoundaryLine_whenRead_thenTheFirstPartIsFound() throws Exception {
		byte[] body = body(field("title", "Plan"), "--");
		assertThat(body[0]).isEqualTo((byte) '-');
		assertThat(readAll(new ByteArrayInputStream(body), body.length)).extracting(Read::text).containsExactly("Plan");
	}

	@Test
	void givenBodyWithoutItsClosingDelimiter_whenRead_thenMalformed() {
		byte[] content = bytes("the file, cut off");
		List<byte[]> cut = List.of(concat(bytes("--" + BOUNDARY + "\r\n"), bytes(partHeader("file", "a.txt", null)),
				content), // ends in the content
				bytes("--" + BOUNDARY + "\r\n" + partHeader("file", "a.txt", null) + "x\r\n--" + BOUNDARY), // after
				bytes("--" + BOUNDARY + "\r\n" + partHeader("file", "a.txt", null) + "x\r\n--" + BOUNDARY + "\r\n"),
				bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n"), // inside headers
				bytes("no delimiter at all"), new byte[0]);
		for (byte[] body : cut) {
			assertThatThrownBy(() -> readAll(new Trickle(body, 4), body.length)).as(new String(body))
				.isInstanceOf(Malformed.class);
		}
	}

	@Test
	void givenBoundaryFollowedByOtherBytes_whenRead_thenMalformed() {
		byte[] body = bytes("--" + BOUNDARY + "\r\n" + partHeader("file", "a.txt", null) + "x\r\n--" + BOUNDARY
				+ "junk\r\n" + partHeader("title", null, null) + "y\r\n--" + BOUNDARY + "--");
		assertThatThrownBy(() -> readAll(new Trickle(body, 4), body.length)).isInstanceOf(Malformed.class)
			.hasMessageContaining("boundary is followed by");
	}

	@Test
	void givenPartsWithoutProperHeaders_whenRead_thenMalformed() {
		String[] headers = { "Content-Type: text/plain\r\n\r\n", "Content-Disposition: attachment; name=\"a\"\r\n\r\n",
				"Content-Disposition: form-data; filename=\"a\"\r\n\r\n", "no colon here\r\n\r\n" };
		for (String header : headers) {
			byte[] body = bytes("--" + BOUNDARY + "\r\n" + header + "x\r\n--" + BOUNDARY + "--");
			assertThatThrownBy(() -> readAll(new Trickle(body, 100), body.length)).as(header)
				.isInstanceOf(Malformed.class);
		}
	}

	@Test
	void givenHeadersOverTheLimit_whenRead_thenTooLargeWithTheHeaderLimit() {
		String longName = "a".repeat(MultipartReader.MAX_HEADER_BYTES);
		byte[] body = bytes("--" + BOUNDARY + "\r\n" + partHeader("file", longName, null) + "x\r\n--" + BOUNDARY + "--");
		assertThatThrownBy(() -> readAll(new Trickle(body, 1000), body.length)).isInstanceOf(TooLarge.class)
			.hasMessageContaining("headers");
		// many short header lines count together
		byte[] many = bytes("--" + BOUNDARY + "\r\n" + "X-Filler: 0123456789\r\n".repeat(400)
				+ partHeader("file", "a", null) + "x\r\n--" + BOUNDARY + "--");
		assertThatThrownBy(() -> readAll(new Trickle(many, 1000), many.length)).isInstanceOf(TooLarge.class);
		// a header section that never ends
		byte[] endless = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"" + "b".repeat(20_000));
		assertThatThrownBy(() -> readAll(new Trickle(endless, 1000), endless.length)).isInstanceOf(TooLarge.class);
	}

	@Test
	void givenHeadersJustUnderTheLimitAndFolded_whenRead_thenParsed() throws Exception {
		String prefix = "Content-Disposition: form-data; name=\"file\";\r\n filename=\"";
		String suffix = "\"\r\n\r\n";
		String name = "n".repeat(MultipartReader.MAX_HEADER_BYTES - prefix.length() - suffix.length());
		byte[] body = bytes("--" + BOUNDARY + "\r\n" + prefix + name + suffix + "x\r\n--" + BOUNDARY + "--");
		Read read = readAll(new Trickle(body, 999), body.length).get(0);
		assertThat(read.part().name()).isEqualTo("file");
		assertThat(read.part().fileName()).isEqualTo(name);
	}

	@Test
	void givenManyParts_whenRead_thenAllInOrder() throws Exception {
		List<Object> parts = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			parts.add(field("f" + i, "value " + i));
		}
		parts.add("--");
		byte[] body = body(parts.toArray());
		List<Read> read = readAll(new Trickle(body, 4096), body.length);
		assertThat(read).hasSize(5_000);
		for (int i = 0; i < read.size(); i++) {
			assertThat(read.get(i).part().name()).isEqualTo("f" + i);
			assertThat(read.get(i).text()).isEqualTo("value " + i);
		}
	}

	@Test
	void givenBodyLongerThanTheLimit_whenRead_thenTooLargeAfterOneByteMore() {
		byte[] content = new byte[100_000];
		byte[] body = body(file("big", null, content), "--");
		Trickle in = new Trickle(body, 8192);
		assertThatThrownBy(() -> readAll(in, 50_000)).isInstanceOf(TooLarge.class);
		assertThat(in.delivered).isEqualTo(50_001);
	}

	@Test
	void givenNoPracticalLimit_whenRead_thenTheLimitDoesNotOverflow() throws Exception {
		byte[] body = body(field("title", "unlimited"), "--");
		MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, Long.MAX_VALUE, BUFFER);
		assertThat(reader.next()).isNotNull();
		assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("unlimited");
		assertThat(reader.next()).isNull();
	}

	@Test
	void givenPartsNotReadToTheirEnd_whenNextIsAsked_thenTheirRestIsSkipped() throws Exception {
		byte[] body = body(file("a", null, new byte[200_000]), field("title", "after"), "--");
		MultipartReader reader = new MultipartReader(new Trickle(body, 3000), BOUNDARY, body.length, BUFFER);
		assertThat(reader.next()).isNotNull();
		assertThat(reader.content().read()).isZero();
		Part next = reader.next();
		assertThat(next).isNotNull();
		assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("after");
		assertThat(reader.next()).isNull();
		assertThat(reader.next()).isNull();
		assertThat(reader.content().read()).isEqualTo(-1);
	}

	@Test
	void givenLargeContentArrivingInLargeReads_whenRead_thenHandedOutInSlicesOfTheBuffer() throws Exception {
		byte[] content = new byte[4 * 1024 * 1024];
		new Random(1).nextBytes(content);
		byte[] body = body(file("big", null, content), "--");
		MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, body.length, BUFFER);
		reader.next();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[256 * 1024];
		int reads = 0;
		for (int n = reader.content().read(buffer); n != -1; n = reader.content().read(buffer)) {
			received.write(buffer, 0, n);
			reads++;
		}
		assertThat(received.toByteArray()).isEqualTo(content);
		// about one read per buffer filled, not one per few bytes
		assertThat(reads).isLessThan(2 * content.length / (BUFFER - 100) + 4);
	}

	@Test
	void givenRandomBodiesFullOfDelimiterFragments_whenReadInRandomSizes_thenEveryPartRoundTrips() throws Exception {
		Random random = new Random(42);
		byte[] delimiter = bytes("\r\n--" + BOUNDARY);
		for (int round = 0; round < 300; round++) {
			List<byte[]> contents = new ArrayList<>();
			List<Object> parts = new ArrayList<>();
			for (int p = 0, count = 1 + random.nextInt(4); p < count; p++) {
				ByteArrayOutputStream content = new ByteArrayOutputStream();
				for (int piece = random.nextInt(40); piece > 0; piece--) {
					switch (random.nextInt(4)) {
						// a fragment of the delimiter, never all of it
						case 0 -> content.write(delimiter, random.nextInt(3), random.nextInt(delimiter.length - 3));
						case 1 -> content.write(random.nextBoolean() ? '\r' : '\n');
						default -> {
							byte[] noise = new byte[random.nextInt(3000)];
							random.nextBytes(noise);
							content.writeBytes(noise);
						}
					}
				}
				contents.add(content.toByteArray());
				parts.add(file("f" + p, null, content.toByteArray()));
			}
			parts.add("--");
			byte[] body = body(parts.toArray());
			List<Read> read = readAll(new RandomReads(body, random), body.length);
			assertThat(read).hasSize(contents.size());
			for (int p = 0; p < contents.size(); p++) {
				assertThat(read.get(p).content()).as("round %d part %d", round, p).isEqualTo(contents.get(p));
			}
		}
	}

	@Test
	void givenSingleByteReads_whenRead_thenTheSameBytes() throws Exception {
		byte[] content = bytes("ab\r\n--" + BOUNDARY.substring(0, 5) + "\r");
		byte[] body = body(file("a", null, content), "--");
		MultipartReader reader = new MultipartReader(new Trickle(body, 2), BOUNDARY, body.length, BUFFER);
		reader.next();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		for (int b = reader.content().read(); b != -1; b = reader.content().read()) {
			received.write(b);
		}
		assertThat(received.toByteArray()).isEqualTo(content);
	}

	@Test
	void givenContentTypes_whenTheBoundaryIsTaken_thenQuotedAndPlainWorkAndTheRestIsMalformed() throws Exception {
		assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
		assertThat(MultipartReader.boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b;c\"")).isEqualTo("a b;c");
		for (String bad : new String[] { "multipart/form-data", "multipart/form-data; boundary=",
				"multipart/form-data; boundary=" + "x".repeat(71), "text/plain; boundary=abc",
				"multipart/form-data; boundary=\"\u00e9\"" }) {
			assertThatThrownBy(() -> MultipartReader.boundary(bad)).as(bad).isInstanceOf(Malformed.class);
		}
		assertThatThrownBy(() -> MultipartReader.boundary(null)).isInstanceOf(Malformed.class);
	}

	@Test
	void givenDispositionParameters_whenParsed_thenQuotesAndSemicolonsInsideThemAreKept() {
		assertThat(MultipartReader.parameters(" name=\"file\"; filename=\"a;b \\\"c\\\" d.txt\""))
			.containsEntry("name", "file")
			.containsEntry("filename", "a;b \\\"c\\\" d.txt");
		// quotes the client did not escape, as the hostile-name upload test sends them
		assertThat(MultipartReader.parameters(" name=\"file\"; filename=\"x \"quoted\" y.txt\""))
			.containsEntry("filename", "x \"quoted\" y.txt");
		assertThat(MultipartReader.parameters(" NAME=plain ; name=second; novalue; =x")).containsOnlyKeys("name")
			.containsEntry("name", "plain");
	}

	// ---- bodies

	private static String partHeader(String name, @Nullable String fileName, @Nullable String contentType) {
		return "Content-Disposition: form-data; name=\"" + name + "\""
				+ ((fileName != null) ? "; filename=\"" + fileName + "\"" : "") + "\r\n"
				+ ((contentType != null) ? "Content-Type: " + contentType + "\r\n" : "") + "\r\n";
	}

	private static byte[] field(String name, String value) {
		return concat(bytes(partHeader(name, null, null)), bytes(value));
	}

	private static byte[] file(String fileName, @Nullable String contentType, byte[] content) {
		return concat(bytes(partHeader("file", fileName, contentType)), content);
	}

	/** Parts (byte[]: headers and content) each opened by a boundary line, then {@code String}s written as they are. */
	private static byte[] body(Object... pieces) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		boolean first = true;
		for (Object piece : pieces) {
			if (piece instanceof byte[] part) {
				body.writeBytes(bytes((first ? "" : "\r\n") + "--" + BOUNDARY + "\r\n"));
				body.writeBytes(part);
				first = false;
			}
			else {
				// the closing delimiter's own "--" and whatever follows
				body.writeBytes(bytes("\r\n--" + BOUNDARY + piece));
			}
		}
		return body.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... arrays) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] array : arrays) {
			all.writeBytes(array);
		}
		return all.toByteArray();
	}

	private record Read(Part part, byte[] content) {

		String text() {
			return new String(this.content, StandardCharsets.UTF_8);
		}

	}

	private static List<Read> readAll(InputStream in, long maxBytes) throws IOException {
		MultipartReader reader = new MultipartReader(in, BOUNDARY, maxBytes, BUFFER);
		List<Read> parts = new ArrayList<>();
		for (Part part = reader.next(); part != null; part = reader.next()) {
			parts.add(new Read(part, reader.content().readAllBytes()));
		}
		return parts;
	}

	/** A stream that delivers at most {@code size} bytes a read, as a network would. */
	private static final class Trickle extends InputStream {

		private final byte[] body;

		private final int size;

		int delivered;

		Trickle(byte[] body, int size) {
			this.body = body;
			this.size = size;
		}

		@Override
		public int read() {
			return (this.delivered < this.body.length) ? this.body[this.delivered++] & 0xff : -1;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			if (this.delivered >= this.body.length) {
				return -1;
			}
			int n = Math.min(Math.min(length, this.size), this.body.length - this.delivered);
			System.arraycopy(this.body, this.delivered, target, offset, n);
			this.delivered += n;
			return n;
		}

	}

	/** Reads of random sizes, mostly small, sometimes large. */
	private static final class RandomReads extends InputStream {

		private final ByteArrayInputStream body;

		private final Random random;

		RandomReads(byte[] body, Random random) {
			this.body = new ByteArrayInputStream(body);
			this.random = random;
		}

		@Override
		public int read() {
			return this.body.read();
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			int size = this.random.nextBoolean() ? 1 + this.random.nextInt(60) : 1 + this.random.nextInt(20_000);
			return this.body.read(target, offset, Math.min(length, size));
		}

	}

}
