package io.parley.workspace.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A multipart/form-data body as a browser's {@code FormData} sends it, built by hand so that tests control every
 * byte: the part order, raw file names with hostile characters, claimed content types.
 */
final class Multipart {

	private final String boundary = "----parley" + UUID.randomUUID().toString().replace("-", "");

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	Multipart field(String name, String value) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
				+ "\r\n");
		return this;
	}

	Multipart file(String fileName, @Nullable String contentType, byte[] content) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\n" + ((contentType != null) ? "Content-Type: " + contentType + "\r\n" : "") + "\r\n");
		this.body.writeBytes(content);
		write("\r\n");
		return this;
	}

	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	/** The opening of a file part, for clients that stream the content themselves. */
	String fileHeader(String fileName, String contentType) {
		return "--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
	}

	String end() {
		return "\r\n--" + this.boundary + "--\r\n";
	}

	/** What was added so far, and the closing boundary. */
	byte[] bytes() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		all.writeBytes(this.body.toByteArray());
		all.writeBytes(("--" + this.boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return all.toByteArray();
	}

	/** What was added so far without the closing boundary: a body cut off after its last part. */
	byte[] unfinished() {
		return this.body.toByteArray();
	}

	private void write(String text) {
		this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
