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

import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.jspecify.annotations.Nullable;

/**
 * An upload request read as it arrives (commons-fileupload's streaming API, ADR 0011): form fields first, then the
 * one {@code file} part, whose stream goes straight to GridFS. Nothing is spooled to disk or memory, and every limit
 * is enforced while reading — a declared {@code Content-Length} over the request limit is refused before the body is
 * read at all, a file is refused at the first byte past its limit.
 */
final class MultipartUpload {

	/** Form fields are short (a label, a title, ids); anything longer is not one of ours. */
	private static final int MAX_FIELD_BYTES = 1024;

	private final JakartaServletFileUpload<?, ?> upload;

	private final FileItemInputIterator parts;

	private final DocumentProperties limits;

	private final Map<String, List<String>> fields = new LinkedHashMap<>();

	private int count;

	private MultipartUpload(JakartaServletFileUpload<?, ?> upload, FileItemInputIterator parts,
			DocumentProperties limits) {
		this.upload = upload;
		this.parts = parts;
		this.limits = limits;
	}

	static MultipartUpload open(HttpServletRequest request, DocumentProperties limits) {
		long declared = request.getContentLengthLong();
		if (declared > limits.maxRequestSize().toBytes()) {
			throw tooLarge(limits);
		}
		JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
		upload.setMaxSize(limits.maxRequestSize().toBytes());
		upload.setMaxFileSize(limits.maxFileSize().toBytes());
		upload.setMaxFileCount(limits.maxParts());
		try {
			return new MultipartUpload(upload, upload.getItemIterator(request), limits);
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
			while (next()) {
				FileItemInput part = this.parts.next();
				if (part.isFormField()) {
					if (!allowedFields.contains(part.getFieldName())) {
						throw DocumentProblem.invalid(part.getFieldName() + ": not a field of this upload.");
					}
					this.fields.computeIfAbsent(part.getFieldName(), (name) -> new ArrayList<>()).add(text(part));
				}
				else if ("file".equals(part.getFieldName())) {
					// the raw name from the header: the parser's getName() throws on a NUL, and the name is
					// sanitised by the caller anyway
					String name = this.upload.getFileName(part.getHeaders());
					return new FilePart((name != null) ? name : "", part.getContentType(),
							new Limited(part.getInputStream(), this.limits));
				}
				else {
					throw DocumentProblem.invalid(part.getFieldName() + ": not a field of this upload.");
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
			if (next()) {
				throw DocumentProblem.invalid("Only one file per request, and it must be the last part.");
			}
		}
		catch (IOException ex) {
			throw failure(ex, this.limits);
		}
	}

	private boolean next() throws IOException {
		if (!this.parts.hasNext()) {
			return false;
		}
		if (++this.count > this.limits.maxParts()) {
			throw DocumentProblem.tooLarge("An upload has at most " + this.limits.maxParts() + " parts.");
		}
		return true;
	}

	private static String text(FileItemInput part) throws IOException {
		try (InputStream in = part.getInputStream()) {
			byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
			if (value.length > MAX_FIELD_BYTES) {
				throw DocumentProblem.invalid(part.getFieldName() + ": longer than " + MAX_FIELD_BYTES + " bytes.");
			}
			return new String(value, StandardCharsets.UTF_8);
		}
	}

	/**
	 * What a failure while reading the request means for the client: a limit (413) or a request that is not a
	 * complete multipart body (400; also what a client that went away mid-upload gets, if it still listens).
	 */
	static RuntimeException failure(IOException ex, DocumentProperties limits) {
		if (ex instanceof FileUploadSizeException || ex instanceof TooLarge) {
			return tooLarge(limits);
		}
		if (ex instanceof FileUploadException) {
			return DocumentProblem.invalid("The request is not a complete multipart/form-data body.");
		}
		return DocumentProblem.invalid("The upload was interrupted before the request ended.");
	}

	private static DocumentProblem tooLarge(DocumentProperties limits) {
		return DocumentProblem.tooLarge("A file may have at most " + limits.maxFileSize().toBytes()
				+ " bytes, an upload request at most " + limits.maxRequestSize().toBytes() + " bytes.");
	}

	/** Our own count on the file, so the limit holds whatever the parser does with part headers. */
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
				throw new TooLarge();
			}
		}

	}

	private static final class TooLarge extends IOException {

		TooLarge() {
			super("file over the size limit");
		}

	}

}
