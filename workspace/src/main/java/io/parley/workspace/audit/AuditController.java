package io.parley.workspace.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.parley.platform.security.Caller;
import io.parley.workspace.workspaces.WorkspaceAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's audit trail for its owners and the host's auditors (who need not be members: ADR 0012), and the
 * portal's own chain ({@link AuditTrail#PORTAL}, global announcements) for auditors only. Read-only: nothing here
 * changes the chain except the entries that record who exported it and who was refused. Owners read entries about
 * documents and releases outside their label's audience redacted ({@link AuditRedaction}, ADR 0028); the host's auditors, whose
 * office is to see what happened, read every entry whole.
 */
@RestController
@Tag(name = "Audit trail")
class AuditController {

	static final String NDJSON = "application/x-ndjson";

	private static final Logger log = LoggerFactory.getLogger(AuditController.class);

	private final WorkspaceAccess access;

	private final AuditTrail trail;

	private static final int EXPORT_BATCH = 500;

	private final JsonMapper json;

	private final AuditRedaction redaction;

	AuditController(WorkspaceAccess access, AuditTrail trail, JsonMapper json, List<AuditRedaction> redactions) {
		this.access = access;
		this.trail = trail;
		this.json = json;
		this.redaction = AuditRedaction.all(redactions);
	}

	@GetMapping("/api/workspaces/{id}/audit")
	@Operation(summary = "The audit trail, newest first (owners, auditors)")
	AuditPage page(Caller caller, @PathVariable UUID id,
			@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		this.access.requireAuditReader(caller, id, "audit.read");
		log.info("Audit of workspace {} read by {} (page {}, size {})", id, caller.id(), page, size);
		return new AuditPage(shown(caller, id, this.trail.page(id, page, size)), page, size, this.trail.count(id));
	}

	@GetMapping("/api/workspaces/{id}/audit/verify")
	@Operation(summary = "Recompute every hash and link of the chain (owners, auditors)")
	AuditChain.Verification verify(Caller caller, @PathVariable UUID id) {
		this.access.requireAuditReader(caller, id, "audit.verify");
		AuditChain.Verification verification = this.trail.verify(id);
		log.info("Audit of workspace {} verified by {}: valid={} entries={} firstBroken={}", id, caller.id(),
				verification.valid(), verification.entries(), verification.firstBrokenSequence());
		return verification;
	}

	/**
	 * One entry per line in sequence order, written from a database cursor as it is read. The export records itself
	 * first, so the file it produces ends with the entry saying who exported it.
	 */
	@GetMapping(path = "/api/workspaces/{id}/audit/export", produces = NDJSON)
	@Operation(summary = "Export the whole chain as JSON lines (owners, auditors); the export is audited",
			responses = @ApiResponse(responseCode = "200",
					content = @Content(mediaType = NDJSON, schema = @Schema(implementation = AuditEntry.class))))
	void export(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
		this.access.requireAuditReader(caller, id, "audit.export");
		AuditEntry exported = this.trail.record(id, caller.id(), "audit.exported", id.toString(), Map.of());
		log.info("Audit of workspace {} exported by {} (up to entry {})", id, caller.id(), exported.sequence());
		response.setContentType(NDJSON);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename("audit-" + id + ".ndjson").build().toString());
		OutputStream out = response.getOutputStream();
		try (Stream<AuditEntry> chain = this.trail.stream(id)) {
			List<AuditEntry> batch = new ArrayList<>(EXPORT_BATCH);
			for (Iterator<AuditEntry> entries = chain.iterator(); entries.hasNext();) {
				batch.add(entries.next());
				if (batch.size() == EXPORT_BATCH || !entries.hasNext()) {
					for (AuditEntry entry : shown(caller, id, batch)) {
						out.write(this.json.writeValueAsBytes(entry));
						out.write('\n');
					}
					batch.clear();
				}
			}
		}
		out.flush();
	}

	private List<AuditEntry> shown(Caller caller, UUID workspaceId, List<AuditEntry> entries) {
		return WorkspaceAccess.isAuditor(caller) ? entries : this.redaction.redact(caller, workspaceId, entries);
	}

	/** The newest entries first; {@code total} is the length of the chain. */
	record AuditPage(List<AuditEntry> items, int page, int size, long total) {
	}

}
