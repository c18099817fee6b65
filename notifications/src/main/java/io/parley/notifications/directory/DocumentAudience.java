package io.parley.notifications.directory;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What notifications knows of a document: enough to decide who may hear of it, and whom it concerns. */
public record DocumentAudience(UUID workspaceId, @Nullable String title, String label, @Nullable String uploadedBy,
		@Nullable String uploaderOrganisationId, Set<String> namedPeople, Set<String> namedOrganisations,
		Set<String> followers) {

	public boolean mayBeSeenBy(Directory.Member member) {
		return Labels.maySee(this.label, this.uploadedBy, this.uploaderOrganisationId, this.namedPeople,
				this.namedOrganisations, member);
	}

}
