package io.parley.workspace.documents;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.parley.platform.labels.Audience;
import io.parley.platform.security.Caller;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspaces;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What other features (comments, acknowledgements) may ask of documents: whether a caller may see one, and who
 * else is in its label's audience. The rules stay in {@link Documents} and platform's {@link Audience}; a refusal is the same
 * audited 404 the document's own endpoints give.
 */
@Service
public class VisibleDocuments {

	private final Documents documents;

	private final Workspaces workspaces;

	private final MongoTemplate mongo;

	VisibleDocuments(Documents documents, Workspaces workspaces, MongoTemplate mongo) {
		this.documents = documents;
		this.workspaces = workspaces;
		this.mongo = mongo;
	}

	/**
	 * What "what we owe" (ADR 0044) may show of these documents, by id; deleted ones and those the caller may not
	 * be told of are left out. A member who may see a document (as list and search decide: membership, then the
	 * label) gets it whole. An organisation admin asking for {@code organisation} also gets the documents of
	 * workspaces their organisation is a member of whose audience includes the organisation as a whole
	 * ({@link Audience#includesOrganisation}, the rule an organisation's own systems get events by, ADR 0043), as
	 * ids and label only: never under TLP:RED, whose audience is people.
	 *
	 * @param organisation the organisation the caller administers, or null for the caller's own view
	 */
	public Map<UUID, Glimpse> glimpses(Caller caller, Collection<UUID> documentIds, @Nullable String organisation) {
		Map<UUID, Glimpse> glimpses = new HashMap<>();
		if (documentIds.isEmpty()) {
			return glimpses;
		}
		Map<UUID, Optional<Workspace>> workspaces = new HashMap<>();
		for (StoredDocument document : this.mongo.find(
				new Query(where("_id").in(documentIds).and("deleted").is(false)), StoredDocument.class)) {
			Workspace workspace = workspaces.computeIfAbsent(document.workspaceId(), this.workspaces::find)
				.orElse(null);
			glimpse(caller, workspace, document, organisation)
				.ifPresent((glimpse) -> glimpses.put(document.id(), glimpse));
		}
		return glimpses;
	}

	/**
	 * The embargoes ending from {@code from} to {@code to} of documents in these workspaces, as {@link #glimpses}
	 * shows them.
	 */
	public List<Glimpse> embargoesEnding(Caller caller, Collection<Workspace> workspaces,
			@Nullable String organisation, Instant from, Instant to) {
		Map<UUID, Workspace> byId = new HashMap<>();
		workspaces.forEach((workspace) -> byId.put(workspace.id(), workspace));
		if (byId.isEmpty()) {
			return List.of();
		}
		return this.mongo
			.find(new Query(where("workspaceId").in(byId.keySet())
				.and("deleted")
				.is(false)
				.and("embargo.until")
				.gt(from)
				.lte(to)), StoredDocument.class)
			.stream()
			.flatMap((document) -> glimpse(caller, byId.get(document.workspaceId()), document, organisation).stream())
			.toList();
	}

	private static Optional<Glimpse> glimpse(Caller caller, @Nullable Workspace workspace, StoredDocument document,
			@Nullable String organisation) {
		if (workspace == null) {
			return Optional.empty();
		}
		Optional<Member> member = workspace.member(caller.id());
		StoredDocument.Embargo embargo = document.embargo();
		if (member.isPresent() && Audiences.includes(document, member.get())) {
			return Optional.of(new Glimpse(document.id(), workspace.id(), document.label(), document.title(),
					workspace.name(), member.get().organisation(), (embargo != null) ? embargo.until() : null,
					(embargo != null) ? embargo.label() : null));
		}
		if (organisation != null && workspace.organisations().contains(organisation)
				&& Audiences.of(document).includesOrganisation(organisation)) {
			return Optional.of(new Glimpse(document.id(), workspace.id(), document.label(), null, null, null,
					(embargo != null) ? embargo.until() : null, (embargo != null) ? embargo.label() : null));
		}
		return Optional.empty();
	}

	/**
	 * A document as "what we owe" shows it.
	 *
	 * @param title null when only the caller's organisation as a whole, not the caller, may see the document
	 * @param workspaceName null likewise
	 * @param memberOrganisation the organisation the workspace records for the caller, when they may see it
	 * @param embargoUntil when its embargo ends, if it has one
	 * @param embargoLabel what it becomes then
	 */
	public record Glimpse(UUID id, UUID workspaceId, TlpLabel label, @Nullable String title,
			@Nullable String workspaceName, @Nullable String memberOrganisation, @Nullable Instant embargoUntil,
			@Nullable TlpLabel embargoLabel) {

		/** Whether the caller may open it themselves (the link works for them). */
		public boolean readable() {
			return this.title != null;
		}

	}

	/**
	 * The document if the caller may see it; otherwise the 404 an unknown id gets, after auditing the refusal.
	 *
	 * @param operation what the caller tried, for the audit entry (e.g. {@code comment.post})
	 */
	public VisibleDocument require(Caller caller, UUID workspaceId, UUID documentId, String operation) {
		Documents.Access access = this.documents.access(caller, workspaceId, documentId, operation);
		return new VisibleDocument(access.workspace(), access.member(), access.document());
	}

	/** Whether the document is deleted (or unknown): nobody is reminded of what nobody can open any more. */
	public boolean deleted(UUID documentId) {
		return this.documents.deleted(documentId);
	}

	/** A document the caller may see, with their membership and its audience. */
	public static final class VisibleDocument {

		private final Workspace workspace;

		private final Member caller;

		private final StoredDocument document;

		private final Audience audience;

		VisibleDocument(Workspace workspace, Member caller, StoredDocument document) {
			this.workspace = workspace;
			this.caller = caller;
			this.document = document;
			this.audience = Audiences.of(document);
		}

		public Workspace workspace() {
			return this.workspace;
		}

		/** The caller's membership of the workspace. */
		public Member caller() {
			return this.caller;
		}

		public UUID id() {
			return this.document.id();
		}

		public TlpLabel label() {
			return this.document.label();
		}

		public int latestVersion() {
			return this.document.latest().version();
		}

		/** Whether this member of the workspace may see the document. */
		public boolean visibleTo(Member member) {
			return this.audience.includes(Audiences.reader(member));
		}

		/** Whether this workspace member (by person id) may see the document; false for non-members. */
		public boolean visibleTo(String personId) {
			return this.workspace.member(personId).map(this::visibleTo).orElse(false);
		}

		/**
		 * Whether people of this organisation may see the document: any member under CLEAR, GREEN and AMBER (so
		 * also those added later), the uploader's and the named organisations under AMBER+STRICT, and under RED
		 * only an organisation one of whose current members is the uploader or named.
		 */
		public boolean visibleToOrganisation(String organisation) {
			// under RED the audience names people: the organisation sees it through those of them who are members
			return this.audience.includesOrganisation(organisation) || this.workspace.members()
				.stream()
				.filter((member) -> member.organisation().equals(organisation))
				.anyMatch(this::visibleTo);
		}

	}

}
