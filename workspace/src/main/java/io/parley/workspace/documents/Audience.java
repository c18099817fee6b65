package io.parley.workspace.documents;

import java.util.List;

import io.parley.workspace.workspaces.TlpLabel;
import io.parley.workspace.workspaces.Workspace.Member;

/**
 * Who may know a document exists, by its TLP 2.0 label (DESIGN.md, ADR 0009). Membership of the workspace comes
 * first and is checked by the caller; the organisation is the one the workspace records for the member, never the
 * token's claim.
 */
record Audience(TlpLabel label, String uploadedBy, String uploaderOrganisationId, List<String> namedPeople,
		List<String> namedOrganisations) {

	static Audience of(StoredDocument document) {
		return new Audience(document.label(), document.uploadedBy(), document.uploaderOrganisationId(),
				document.namedPeople(), document.namedOrganisations());
	}

	boolean includes(Member member) {
		return switch (this.label) {
			case RED -> this.uploadedBy.equals(member.personId()) || this.namedPeople.contains(member.personId());
			case AMBER_STRICT -> this.uploaderOrganisationId.equals(member.organisation())
					|| this.namedOrganisations.contains(member.organisation());
			case AMBER, GREEN, CLEAR -> true;
		};
	}

	/**
	 * Whether going to {@code next} lets more people see the document: a lower label, or the same narrow label
	 * naming someone it did not name before. Only the uploader or an owner may do that.
	 */
	boolean widenedBy(Audience next) {
		if (next.label.ordinal() != this.label.ordinal()) {
			return next.label.ordinal() < this.label.ordinal();
		}
		return switch (this.label) {
			case RED -> !this.namedPeople.containsAll(next.namedPeople);
			case AMBER_STRICT -> !this.namedOrganisations.containsAll(next.namedOrganisations);
			case AMBER, GREEN, CLEAR -> false;
		};
	}

}
