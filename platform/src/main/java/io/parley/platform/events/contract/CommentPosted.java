package io.parley.platform.events.contract;

import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * A comment on a document; the text stays in workspace, consumers link to it. {@code mentions} are the workspace
 * members the text @mentions and who may see the document.
 */
@EventType("workspace.comment.posted")
public record CommentPosted(UUID workspaceId, UUID documentId, UUID commentId, UUID authorId, List<UUID> mentions) {
}
