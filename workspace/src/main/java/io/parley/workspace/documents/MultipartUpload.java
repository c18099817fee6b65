package io.parley.workspace.documents;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.parley.platform.problem.Problem;
import io.parley.workspace.documents.MultipartReader.Part;
import io.parley.workspace.documents.MultipartReader.TooLarge;
import org.jspecify.annotations.Nullable;

/**
 * An upload request read as it arrives ({@link MultipartReader}, ADR 0011 and 0018): form fields first, then the one
 * {@code file} part, whose stream goes straight to GridFS. Nothing is spooled to disk or memory, and every limit is
 * enforced while reading — a declared {@code Content-Length} over the request limit is refused before the body is
 * read at all, a body without one at the first byte past the request limit, a file at the first byte past its limit.
 */
final class MultipartUpload {

	/** Form fields are short (a label, a title, ids); anything longer is not one of ours. */
	private static final int MAX_FIELD_BYTES = 1024;

	/**
	 * The reader's buffer, per upload in flight: as big as Tomcat's socket reads ({@link UploadReadBuffer}), so that
	 * neither they nor the filling of GridFS chunks are made smaller by it, small enough for many uploads in a small
	 * heap.
	 */
	private static final int BUFFER = UploadReadBuffer.BYTES;

	private final MultipartReader reader;

	private final DocumentProperties limits;

	private final Map<String, List<String>> fields = new LinkedHashMap<>();

	private int count;

	private MultipartUpload(MultipartReader reader, DocumentProperties limits) {
		this.reader = reader;
		this.limits = limits;
	}

	static MultipartUpload open(HttpServletRequest request, DocumentProperties limits) {
		long declared = request.getContentLengthLong();
		if (declared > limits.maxRequestSize().toBytes()) {
			throw tooLarge(limits);
		}
		try {
			String boundary = MultipartReader.boundary(request.getContentType());
			return new MultipartUpload(
					new MultipartReader(request.getInputStream(), boundary, limits.maxRequestSize().toBytes(), BUFFER),
					limits);
		}
		catch (IOException ex) {
			throw failure(ex, limits);
		}
	}

	/** A file part: the name and type the client claims (both untrusted) and the content as it arrives. */
	record FilePart(String claimedName, @Nullable String claimedType, InputStream content) {
	}

	/**
	 * Reads form fields (only {@code allowedFields}) up to the {@code file} part and returns it; its content must be
	 * read before anything else is asked of this upload.
	 */
	FilePart file(Set<String> allowedFields) {
		try {
			for (Part part = next(); part != null; part = next()) {
				if (!part.isFile()) {
					if (!allowedFields.contains(part.name())) {
						throw DocumentProblem.invalid(part.name() + ": not a field of this upload.");
					}
					this.fields.computeIfAbsent(part.name(), (name) -> new ArrayList<>()).add(text(part));
				}
				else if ("file".equals(part.name())) {
					// the raw name from the header, sanitised by the caller
					return new FilePart(part.fileName(), part.contentType(),
							new Limited(this.reader.content(), this.limits));
				}
				else {
					throw DocumentProblem.invalid(part.name() + ": not a field of this upload.");
				}
			}
		}
		catch (IOException ex) {
			throw failure(ex, this.limits);
		}
		throw DocumentProblem.invalid("file: missing (the form fields go first, the file last).");
	}

	/** Form fields read before the file, each with all its values. */
	Map<String, List<String>> fields() {
		return this.fields;
	}

	/** After the file was stored: the request must end here (one file per request, the file last). */
	void finish() {
		try {
			if (next() != null) {
				throw DocumentProblem.invalid("Only one file per request, and it must be the last part.");
			}
		}
		catch (IOException ex) {
			throw failure(ex, this.limits);
		}
	}

	private @Nullable Part next() throws IOException {
		Part part = this.reader.next();
		if (part != null && ++this.count > this.limits.maxParts()) {
			throw DocumentProblem.tooLarge("An upload has at most " + this.limits.maxParts() + " parts.");
		}
		return part;
	}

	private String text(Part part) throws IOException {
		byte[] value = this.reader.content().readNBytes(MAX_FIELD_BYTES + 1);
		if (value.length > MAX_FIELD_BYTES) {
			throw DocumentProblem.invalid(part.name() + ": longer than " + MAX_FIELD_BYTES + " bytes.");
		}
		return new String(value, StandardCharsets.UTF_8);
	}

	/**
	 * What a failure while reading the request means for the client: a limit (413) or a request that is not a
	 * complete multipart body (400; also what a client that went away mid-upload gets, if it still listens).
	 */
	static RuntimeException failure(IOException ex, DocumentProperties limits) {
		if (ex instanceof TooLarge tooLarge) {
			return (tooLarge.detail() != null) ? DocumentProblem.tooLarge(tooLarge.detail()) : tooLarge(limits);
		}
		if (ex instanceof MultipartReader.Malformed) {
			return DocumentProblem
				.invalid("The request is not a complete multipart/form-data body: " + ex.getMessage() + ".");
		}
		return DocumentProblem.invalid("The upload was interrupted before the request ended.");
	}

	private static Problem tooLarge(DocumentProperties limits) {
		return DocumentProblem.tooLarge("A file may have at most " + limits.maxFileSize().toBytes()
				+ " bytes, an upload request at most " + limits.maxRequestSize().toBytes() + " bytes.");
	}

	/** The file's limit, counted on the content as the part hands it out. */
	private static final class Limited extends FilterInputStream {

		private final long max;

		private long read;

		Limited(InputStream in, DocumentProperties limits) {
			super(in);
			this.max = limits.maxFileSize().toBytes();
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLarge {
			this.read += n;
			if (this.read > this.max) {
				throw new TooLarge(null);
			}
		}

	}

}
