package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.parley.platform.problem.ProblemTypes;
import io.parley.platform.security.Caller;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.documents.DocumentViews.CopyRequest;
import io.parley.workspace.documents.DocumentViews.DocumentView;
import io.parley.workspace.documents.DocumentViews.EmbargoRequest;
import io.parley.workspace.documents.DocumentViews.LabelChange;
import io.parley.workspace.documents.DocumentViews.VersionView;
import io.parley.workspace.documents.StoredDocument.Version;
import io.parley.platform.labels.TlpLabel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.coyote.CloseNowException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The documents API of ADR 0009. Uploads take the raw request and read it as a stream ({@link MultipartUpload});
 * downloads write GridFS content to the response chunk by chunk, each chunk checked against its SHA-256 first.
 */
@RestController
@Tag(name = "documents")
class DocumentController {

	/** The label of what is being downloaded, for clients and proxies that act on it. */
	static final String TLP_HEADER = "X-TLP-Label";

	private static final int BUFFER = 64 * 1024;

	private final Documents documents;

	private final DocumentContents contents;

	private final AuditTrail audit;

	private final DocumentMetrics metrics;

	private final Embargoes embargoes;

	DocumentController(Documents documents, DocumentContents contents, AuditTrail audit, DocumentMetrics metrics,
			Embargoes embargoes) {
		this.documents = documents;
		this.embargoes = embargoes;
		this.contents = contents;
		this.audit = audit;
		this.metrics = metrics;
	}

	@Operation(summary = "Upload a document: multipart form fields label, title?, namedPeople*, namedOrganisations*, then file (last)")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)))
	@PostMapping(path = "/api/workspaces/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DocumentView> upload(Caller caller, @PathVariable UUID id, HttpServletRequest request) {
		StoredDocument document = this.metrics.upload(() -> this.documents.upload(caller, id, request));
		return ResponseEntity.created(URI.create("/api/workspaces/" + id + "/documents/" + document.id()))
			.body(DocumentView.of(document, false));
	}

	@Operation(summary = "Add a version: multipart with one part, file")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = VersionForm.class)))
	@PostMapping(path = "/api/workspaces/{id}/documents/{documentId}/versions",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<VersionView> addVersion(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			HttpServletRequest request) {
		Version version = this.metrics.upload(() -> this.documents.addVersion(caller, id, documentId, request));
		return ResponseEntity
			.created(URI.create("/api/workspaces/" + id + "/documents/" + documentId + "/versions/"
					+ version.version() + "/content"))
			.body(VersionView.of(version, false));
	}

	@Operation(summary = "The documents of a workspace the caller may see")
	@GetMapping("/api/workspaces/{id}/documents")
	List<DocumentView> list(Caller caller, @PathVariable UUID id) {
		return this.documents.list(caller, id)
			.stream()
			.map((access) -> DocumentView.of(access.document(), access.owner()))
			.toList();
	}

	@Operation(summary = "Search the documents the caller may see across their workspaces")
	@GetMapping("/api/documents")
	List<DocumentView> search(Caller caller, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String label,
			@RequestParam(required = false) @Nullable UUID uploader) {
		TlpLabel wanted = (label != null) ? Documents.label(label) : null;
		if (q != null && q.length() > 200) {
			throw DocumentProblem.invalid("q: at most 200 characters.");
		}
		return this.documents.search(caller, q, wanted, (uploader != null) ? uploader.toString() : null)
			.stream()
			.map((access) -> DocumentView.of(access.document(), access.owner()))
			.toList();
	}

	@Operation(summary = "A document with all its versions")
	@GetMapping("/api/workspaces/{id}/documents/{documentId}")
	DocumentView get(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId) {
		Documents.Access access = this.documents.access(caller, id, documentId, "read");
		return DocumentView.of(access.document(), access.owner());
	}

	@Operation(summary = "Change the label (lowering: uploader or owner)")
	@PutMapping("/api/workspaces/{id}/documents/{documentId}/label")
	DocumentView changeLabel(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@RequestBody LabelChange change) {
		if (change.label() == null) {
			throw DocumentProblem.invalid("label: required.");
		}
		Documents.Access changed = this.documents.changeLabel(caller, id, documentId, change);
		return DocumentView.of(changed.document(), changed.owner());
	}

	@Operation(summary = "Set or change the embargo: until a time keep the label, then take a wider one (setting one,"
			+ " an earlier end or a wider planned audience: uploader or owner; a later end or a narrower planned"
			+ " audience: contributors too)")
	@PutMapping("/api/workspaces/{id}/documents/{documentId}/embargo")
	DocumentView embargo(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@RequestBody EmbargoRequest request) {
		Documents.Access changed = this.embargoes.set(caller, id, documentId, request);
		return DocumentView.of(changed.document(), changed.owner());
	}

	@Operation(summary = "Cancel the embargo before it ends: the label stays as it is (contributors and owners)")
	@DeleteMapping("/api/workspaces/{id}/documents/{documentId}/embargo")
	ResponseEntity<Void> cancelEmbargo(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId) {
		this.embargoes.cancel(caller, id, documentId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * A copy of a version in another workspace, as a new document with the same label and audience (ADR 0017). The
	 * answer is the copy, located in the target workspace.
	 */
	@Operation(summary = "Copy a version (the latest unless named) to another workspace where the caller may upload;"
			+ " refused (422 audience-too-wide / label-above-ceiling) when that workspace's audience is wider than"
			+ " the label allows")
	@PostMapping("/api/workspaces/{id}/documents/{documentId}/copies")
	ResponseEntity<DocumentView> copy(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@RequestBody CopyRequest request) {
		if (request.targetWorkspaceId() == null) {
			throw DocumentProblem.invalid("targetWorkspaceId: required.");
		}
		Documents.Access copy = this.documents.copy(caller, id, documentId, request.targetWorkspaceId(),
				request.version());
		return ResponseEntity
			.created(URI.create("/api/workspaces/" + copy.workspace().id() + "/documents/" + copy.document().id()))
			.body(DocumentView.of(copy.document(), copy.owner()));
	}

	@Operation(summary = "Soft-delete a document (owners); its content is purged after the retention")
	@DeleteMapping("/api/workspaces/{id}/documents/{documentId}")
	ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId) {
		this.documents.delete(caller, id, documentId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The bytes of a version, whole or one range ({@code Range: bytes=…}, with {@code If-Range} on the ETag for
	 * resuming). Several ranges are answered with the whole content, which RFC 9110 allows. Only the chunks holding
	 * the bytes asked for are read, and each is checked against its recorded SHA-256 before any of its bytes are
	 * sent (ADR 0026). When the first of them fails, the answer is a 500 problem; when a later one fails, the
	 * status and the earlier chunks' bytes are already on their way, so the connection is closed before the
	 * promised {@code Content-Length}, which every HTTP client reports as a failed download. Either way the failure
	 * is logged at ERROR and audited, and the failing chunk's bytes are never sent.
	 */
	@Operation(summary = "Download a version's content (Range supported)")
	@GetMapping("/api/workspaces/{id}/documents/{documentId}/versions/{version}/content")
	void download(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId, @PathVariable int version,
			@RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
			@RequestHeader(name = HttpHeaders.IF_RANGE, required = false) @Nullable String ifRange,
			HttpServletResponse response) throws IOException {
		Documents.Access access = this.documents.access(caller, id, documentId, "download");
		StoredDocument document = access.document();
		Version stored = Documents.versionOf(document, version);
		this.documents.requireReleased(caller, access, stored, "download");
		String etag = "\"" + stored.sha256() + "\"";
		long size = stored.size();
		long start = 0;
		long end = size - 1;
		boolean partial = false;
		if (range != null && (ifRange == null || ifRange.equals(etag))) {
			List<HttpRange> ranges = parse(range, size);
			if (ranges.size() == 1) {
				start = ranges.get(0).getRangeStart(size);
				end = ranges.get(0).getRangeEnd(size);
				partial = true;
			}
		}
		CheckedContent content;
		try {
			content = this.contents.openChecked(stored.contentId(), size, stored.sha256(), start, end);
		}
		catch (CheckedContent.Corrupt ex) {
			throw this.documents.integrityFailure(caller, id, documentId, stored, ex.found());
		}
		try (content) {
			this.audit.record(id, caller.id(), "document.downloaded", documentId.toString(),
					Map.of("version", Integer.toString(version), "bytes", start + "-" + end));
			response.setStatus(partial ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value());
			response.setContentType(stored.mediaType());
			response.setContentLengthLong(end - start + 1);
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION, FileNames.attachment(stored.fileName()));
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader(TLP_HEADER, document.label().value());
			response.setHeader(HttpHeaders.ETAG, etag);
			response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
			// labelled content stays out of shared and browser caches
			response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
			if (partial) {
				response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
			}
			copy(content, response.getOutputStream(), end - start + 1);
		}
		catch (CheckedContent.Corrupt ex) {
			RuntimeException problem = this.documents.integrityFailure(caller, id, documentId, stored, ex.found());
			if (!response.isCommitted()) {
				// the earlier chunks' bytes are still in the response buffer: the client gets the problem instead
				response.reset();
				throw problem;
			}
			// what was sent stays what was sent: nothing written after this (an error page) reaches the client
			response.flushBuffer();
			response.getOutputStream().close();
			throw new DownloadAborted(ex);
		}
	}

	/**
	 * Leaves a download whose status and first bytes were sent before a chunk failed its check to the servlet
	 * container, which closes the connection at once: no exception handler may write a problem into a body that is
	 * already half sent (the platform's handler of every {@link Exception} would append its JSON to the content).
	 */
	@ExceptionHandler(DownloadAborted.class)
	void aborted(DownloadAborted ex) throws DownloadAborted {
		throw ex;
	}

	private static List<HttpRange> parse(String header, long size) {
		try {
			List<HttpRange> ranges = HttpRange.parseRanges(header);
			for (HttpRange range : ranges) {
				range.getRangeStart(size);
				range.getRangeEnd(size);
			}
			if (ranges.size() == 1 && ranges.get(0).getRangeStart(size) >= size) {
				throw new IllegalArgumentException("start after the end");
			}
			return ranges;
		}
		catch (IllegalArgumentException ex) {
			throw new RangeNotSatisfiable(size);
		}
	}

	private static void copy(InputStream in, OutputStream out, long length) throws IOException {
		byte[] buffer = new byte[BUFFER];
		long remaining = length;
		while (remaining > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (read == -1) {
				throw new IOException("content ended " + remaining + " bytes early");
			}
			out.write(buffer, 0, read);
			remaining -= read;
		}
	}

	/** The upload form as OpenAPI shows it; the service reads it as a stream, fields before the file. */
	record UploadForm(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "TLP:AMBER") String label,
			@Schema(description = "defaults to the file name") String title,
			@Schema(description = "person ids, TLP:RED only") List<UUID> namedPeople,
			@Schema(description = "organisation ids, TLP:AMBER+STRICT only") List<String> namedOrganisations,
			@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
					description = "the last part") String file) {
	}

	record VersionForm(@Schema(type = "string", format = "binary",
			requiredMode = Schema.RequiredMode.REQUIRED) String file) {
	}

	/** A download that failed after its first bytes were sent: the connection is to be closed, nothing more written. */
	static final class DownloadAborted extends CloseNowException {

		DownloadAborted(CheckedContent.Corrupt cause) {
			super("Download aborted: " + cause.getMessage(), cause);
		}

	}

	/** 416 with the size, so a client can ask again (RFC 9110, 15.5.17). */
	static final class RangeNotSatisfiable extends ErrorResponseException {

		RangeNotSatisfiable(long size) {
			super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, problem(), null);
			getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
		}

		private static ProblemDetail problem() {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
					"The range is outside the content.");
			problem.setType(ProblemTypes.of("range-not-satisfiable"));
			return problem;
		}

	}

}
