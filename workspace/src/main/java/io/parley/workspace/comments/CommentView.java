package io.parley.workspace.comments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** A comment as the API shows it; {@code authorName} when workspace knows the author's name. */
record CommentView(UUID id, String authorId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String authorName,
		String text, Instant createdAt, List<String> mentions) {
}
