package io.parley.workspace.acknowledgements;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/**
 * An acknowledgement request the organisation still owes, as "what we owe" lists it (ADR 0044).
 *
 * @param title null (left out) when only the organisation as a whole, not the caller, may see the document: an
 * admin is told that something is owed, and where, not what it says
 * @param workspaceName null likewise
 * @param overdue the deadline passed: the document's own list says {@code overdue} for the organisation then too
 */
record OwedAcknowledgement(UUID requestId, UUID workspaceId,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String workspaceName, UUID documentId,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String title, TlpLabel label, int version,
		String organisation, Instant deadline, boolean overdue) {
}
