package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** A comment on a document; the text stays in workspace, consumers link to it. */
@EventType("workspace.comment.posted")
public record CommentPosted(UUID workspaceId, UUID documentId, UUID commentId, UUID authorId) {
}
