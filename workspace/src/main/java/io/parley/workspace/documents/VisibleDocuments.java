package io.parley.workspace.documents;

import java.util.UUID;

import io.parley.platform.labels.Audience;
import io.parley.platform.security.Caller;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;

import org.springframework.stereotype.Service;

/**
 * What other features (comments, acknowledgements) may ask of documents: whether a caller may see one, and who
 * else is in its label's audience. The rules stay in {@link Documents} and platform's {@link Audience}; a refusal is the same
 * audited 404 the document's own endpoints give.
 */
@Service
public class VisibleDocuments {

	private final Documents documents;

	VisibleDocuments(Documents documents) {
		this.documents = documents;
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
