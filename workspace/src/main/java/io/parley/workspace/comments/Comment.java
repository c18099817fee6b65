package io.parley.workspace.comments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A comment, written once. Its own document (a document's comments inside the document's would grow it without
 * bound and contend with version uploads) carrying the event and audit outboxes of the insert that created it.
 *
 * @param authorId the author's person id
 * @param mentions person ids the text mentions who, when it was posted, were members who could see the document
 */
@Document("comments")
@CompoundIndex(name = "thread", def = "{'documentId': 1, 'createdAt': 1, '_id': 1}")
record Comment(@Id UUID id, UUID workspaceId, UUID documentId, String authorId, String text, List<String> mentions,
		Instant createdAt) {
}
