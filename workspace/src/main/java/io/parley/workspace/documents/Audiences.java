package io.parley.workspace.documents;

import java.util.List;
import java.util.Optional;

import io.parley.platform.labels.Audience;
import io.parley.platform.labels.Reader;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;

/**
 * Workspace's documents and members as platform's label rule sees them ({@link Audience}, ADR 0027). Membership of
 * the workspace comes first and is checked by the caller; a member's organisation is the one the workspace recorded
 * from identity when they were added, never a token's claim or a request's field.
 */
final class Audiences {

	private Audiences() {
	}

	static Audience of(StoredDocument document) {
		return Audience.of(document.label(), document.uploadedBy(), document.uploaderOrganisationId(),
				document.namedPeople(), document.namedOrganisations());
	}

	static Reader reader(Member member) {
		return new Reader(member.personId(), member.organisation());
	}

	/** Whether this member of the document's workspace may know the document exists. */
	static boolean includes(StoredDocument document, Member member) {
		return of(document).includes(reader(member));
	}

	/**
	 * Why {@code target}'s audience is wider than the label allows, if it is (ADR 0017): under TLP:RED every member
	 * must be the uploader or named, under TLP:AMBER+STRICT every member organisation must be the uploader's or
	 * named. CLEAR, GREEN and AMBER reach every member of any workspace whose ceiling admits them, which is checked
	 * on its own. The copy keeps this audience, so even a later member outside it never sees it.
	 */
	static Optional<String> widerIn(Audience audience, Workspace target) {
		return switch (audience.label()) {
			case RED -> {
				long others = target.members().stream().filter((member) -> !audience.includes(reader(member))).count();
				yield (others == 0) ? Optional.empty()
						: Optional.of(others + " member(s) of the target workspace are neither the uploader nor named"
								+ " by this TLP:RED document.");
			}
			case AMBER_STRICT -> {
				List<String> others = target.organisations()
					.stream()
					.filter((organisation) -> !audience.includesOrganisation(organisation))
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

}
