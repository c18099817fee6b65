package io.parley.workspace.documents;

import java.util.List;
import java.util.Optional;

import io.parley.workspace.workspaces.TlpLabel;
import io.parley.workspace.workspaces.Workspace;
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
	 * Why {@code target}'s audience is wider than this label allows, if it is (ADR 0017): under TLP:RED every
	 * member must be the uploader or named, under TLP:AMBER+STRICT every member organisation must be the
	 * uploader's or named. CLEAR, GREEN and AMBER reach every member of any workspace whose ceiling admits them,
	 * which is checked on its own. The copy keeps this audience, so even a later member outside it never sees it.
	 */
	Optional<String> widerIn(Workspace target) {
		return switch (this.label) {
			case RED -> {
				long others = target.members()
					.stream()
					.filter((member) -> !includes(member))
					.count();
				yield (others == 0) ? Optional.empty()
						: Optional.of(others + " member(s) of the target workspace are neither the uploader nor named"
								+ " by this TLP:RED document.");
			}
			case AMBER_STRICT -> {
				List<String> others = target.organisations()
					.stream()
					.filter((organisation) -> !this.uploaderOrganisationId.equals(organisation)
							&& !this.namedOrganisations.contains(organisation))
					.sorted()
					.toList();
				yield others.isEmpty() ? Optional.empty()
						: Optional.of("The target workspace's member organisation(s) " + String.join(", ", others)
								+ " are neither the uploader's organisation nor named by this TLP:AMBER+STRICT"
								+ " document.");
			}
			case AMBER, GREEN, CLEAR -> Optional.empty();
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
