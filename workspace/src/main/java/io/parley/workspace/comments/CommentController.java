package io.parley.workspace.comments;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.parley.platform.security.Caller;
import io.parley.workspace.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
@Tag(name = "Comments")
class CommentController {

	static final int TEXT_MAX = 10_000;

	static final int MENTIONS_MAX = 50;

	/** The total number of comments of the document; the body is the requested page. */
	static final String TOTAL = "X-Total-Count";

	private final Comments comments;

	CommentController(Comments comments) {
		this.comments = comments;
	}

	@PostMapping("/api/workspaces/{id}/documents/{documentId}/comments")
	@Operation(summary = "Comment on a document (whoever may see it); mentions of people who may not see it are "
			+ "dropped")
	ResponseEntity<CommentView> post(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@Valid @RequestBody NewComment request) {
		CommentView comment = this.comments.post(caller, id, documentId, request.text(), request.mentions());
		return ResponseEntity
			.created(URI.create("/api/workspaces/" + id + "/documents/" + documentId + "/comments/" + comment.id()))
			.body(comment);
	}

	@GetMapping("/api/workspaces/{id}/documents/{documentId}/comments")
	@Operation(summary = "A document's comments, oldest first (whoever may see it); the total in X-Total-Count")
	@ApiResponse(responseCode = "200", description = "The requested page of comments",
			headers = @Header(name = TOTAL, description = "How many comments the document has",
					schema = @Schema(type = "integer")))
	ResponseEntity<List<CommentView>> list(Caller caller, @PathVariable UUID id, @PathVariable UUID documentId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		Comments.CommentPage result = this.comments.list(caller, id, documentId, page, size);
		return ResponseEntity.ok().header(TOTAL, Long.toString(result.total())).body(result.items());
	}

	/**
	 * @param text free text; the web client writes mentions into it as {@code @Full Name}
	 * @param mentions the person ids the client completed
	 */
	record NewComment(@NotBlank @Size(max = TEXT_MAX) @Pattern(regexp = Inputs.PURPOSE) String text,
			@Nullable @Size(max = MENTIONS_MAX) List<@NotNull UUID> mentions) {
	}

}
