package io.parley.workspace.acknowledgements;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.parley.platform.security.Caller;
import io.parley.platform.security.OwedScope;
import io.parley.workspace.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Acknowledgements")
class AcknowledgementController {

	static final int ORGANISATIONS_MAX = 100;

	private final Acknowledgements acknowledgements;

	AcknowledgementController(Acknowledgements acknowledgements) {
		this.acknowledgements = acknowledgements;
	}

	@PostMapping("/api/workspaces/{id}/documents/{documentId}/acknowledgement-requests")
	@Operation(summary = "Ask member organisations that may see the document to acknowledge a version by a "
			+ "deadline (owners)")
	ResponseEntity<RequestView> request(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@Valid @RequestBody NewRequest request) {
		RequestView created = this.acknowledgements.request(caller, id, documentId, request.version(),
				request.organisations(), request.deadline());
		return ResponseEntity.created(URI.create("/api/workspaces/" + id + "/documents/" + documentId
				+ "/acknowledgement-requests/" + created.id())).body(created);
	}

	@GetMapping("/api/workspaces/{id}/documents/{documentId}/acknowledgement-requests")
	@Operation(summary = "The document's acknowledgement requests with each organisation's status, oldest first: "
			+ "all for owners, those naming the caller's organisation for the others")
	List<RequestView> list(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId) {
		return this.acknowledgements.list(caller, id, documentId);
	}

	@GetMapping("/api/documents/acknowledgement-requests/owed")
	@Operation(summary = "What we owe: acknowledgement requests naming the caller's organisation that nobody of it "
			+ "acknowledged, deadline first; scope=organisation for an organisation admin's whole organisation")
	List<OwedAcknowledgement> owed(Caller caller, @RequestParam(required = false) @Nullable String scope) {
		return this.acknowledgements.owed(caller, OwedScope.organisation(caller, scope));
	}

	@PostMapping("/api/workspaces/{id}/documents/{documentId}/acknowledgement-requests/{requestId}/acknowledge")
	@Operation(summary = "Acknowledge for the caller's organisation (people of a named organisation who may see the "
			+ "document); idempotent")
	ResponseEntity<Void> acknowledge(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@PathVariable UUID requestId) {
		this.acknowledgements.acknowledge(caller, id, documentId, requestId);
		return ResponseEntity.noContent().build();
	}

	/** @param deadline an ISO-8601 instant in the future */
	record NewRequest(@Min(1) @Max(100_000) int version,
			@NotEmpty @Size(max = ORGANISATIONS_MAX) List<@NotNull @Size(max = 64) @Pattern(
					regexp = Inputs.ORGANISATION_ID) String> organisations,
			@NotNull Instant deadline) {
	}

}
