package io.parley.workspace.comments;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.CommentPosted;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.documents.VisibleDocuments;
import io.parley.workspace.documents.VisibleDocuments.VisibleDocument;
import io.parley.workspace.workspaces.MemberNames;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Posting and reading comments. Whoever may see the document may read and write its comments, readers included:
 * a comment changes nothing about the document, and the readers (government liaisons) are the people the
 * discussion is for. Everyone else gets the document's own 404. A post is one insert holding the comment, its
 * {@code CommentPosted} event and its audit entry.
 */
@Service
class Comments {

	static final String COLLECTION = "comments";

	private static final Logger log = LoggerFactory.getLogger(Comments.class);

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final AuditOutbox audit;

	private final VisibleDocuments documents;

	private final MemberNames names;

	private final Clock clock = Clock.systemUTC();

	Comments(MongoTemplate mongo, EventRecorder events, AuditOutbox audit, VisibleDocuments documents,
			MemberNames names) {
		this.mongo = mongo;
		this.events = events;
		this.audit = audit;
		this.documents = documents;
		this.names = names;
	}

	/**
	 * Posts a comment. Mentions that are not (or no longer) members who may see the document are dropped without
	 * an error: the client completed them from the member list a moment ago, the comment is still worth keeping,
	 * and an error would tell the author who may see the document, which a RED label keeps from them.
	 */
	CommentView post(Caller caller, UUID workspaceId, UUID documentId, String text, @Nullable List<UUID> mentions) {
		VisibleDocument document = this.documents.require(caller, workspaceId, documentId, "comment.post");
		UUID authorId = personId(caller);
		List<String> kept = kept(document, caller, mentions);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Comment comment = new Comment(UUID.randomUUID(), workspaceId, documentId, caller.id(), text, kept, now);
		Document stored = new Document();
		this.mongo.getConverter().write(comment, stored);
		this.audit.add(stored, List.of(this.audit.entry(workspaceId, caller.id(), "comment.posted",
				comment.id().toString(), Map.of("documentId", documentId.toString(), "mentions",
						String.join(",", kept)))));
		// The comment is its own aggregate, written once: version 1.
		this.events.insert(stored, COLLECTION, this.events.event(comment.id().toString(), 1, new CommentPosted(
				workspaceId, documentId, comment.id(), authorId, kept.stream().map(UUID::fromString).toList())));
		this.audit.drain(COLLECTION, comment.id());
		int dropped = (mentions != null) ? (int) mentions.stream().distinct().count() - kept.size() : 0;
		log.info("Comment {} on document {} in workspace {} posted by {} ({} mention(s) kept, {} dropped)",
				comment.id(), documentId, workspaceId, caller.id(), kept.size(), dropped);
		return view(comment, this.names.namesOf(Set.of(caller.id())));
	}

	/** The document's comments, oldest first. */
	CommentPage list(Caller caller, UUID workspaceId, UUID documentId, int page, int size) {
		this.documents.require(caller, workspaceId, documentId, "comment.read");
		Query query = new Query(where("documentId").is(documentId).and("workspaceId").is(workspaceId));
		long total = this.mongo.count(query, Comment.class);
		List<Comment> comments = this.mongo.find(
				query.with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"))).skip((long) page * size).limit(size),
				Comment.class);
		Map<String, String> known = this.names.namesOf(comments.stream().map(Comment::authorId).distinct().toList());
		log.info("Comments of document {} in workspace {} read by {} (page {}: {} of {})", documentId, workspaceId,
				caller.id(), page, comments.size(), total);
		return new CommentPage(comments.stream().map((comment) -> view(comment, known)).toList(), total);
	}

	private static List<String> kept(VisibleDocument document, Caller caller, @Nullable List<UUID> mentions) {
		if (mentions == null) {
			return List.of();
		}
		Set<String> kept = new LinkedHashSet<>();
		mentions.stream()
			.map(UUID::toString)
			.filter((person) -> !person.equals(caller.id()))
			.filter(document::visibleTo)
			.forEach(kept::add);
		return List.copyOf(kept);
	}

	private static CommentView view(Comment comment, Map<String, String> names) {
		return new CommentView(comment.id(), comment.authorId(), names.get(comment.authorId()), comment.text(),
				comment.createdAt(), comment.mentions());
	}

	private static UUID personId(Caller caller) {
		try {
			return UUID.fromString(caller.id());
		}
		catch (IllegalArgumentException ex) {
			throw Problem.forbidden("Your account cannot comment.");
		}
	}

	record CommentPage(List<CommentView> items, long total) {
	}

}
