package io.parley.notifications.directory;

import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Audience;
import org.jspecify.annotations.Nullable;

/**
 * What notifications knows of a document: enough to decide who may hear of it, and whom it concerns. A deleted
 * document concerns nobody any more: nobody may be told about it.
 */
public record DocumentAudience(UUID workspaceId, @Nullable String title, String label, @Nullable String uploadedBy,
		@Nullable String uploaderOrganisationId, Set<String> namedPeople, Set<String> namedOrganisations,
		Set<String> followers, boolean deleted) {

	public boolean mayBeSeenBy(Directory.Member member) {
		return !this.deleted && Labels.maySee(this.label, this.uploadedBy, this.uploaderOrganisationId, this.namedPeople,
				this.namedOrganisations, member);
	}

	/** Who may see it under its label, as platform's one rule says (a webhook asks it about organisations). */
	public Audience audience() {
		return Labels.audience(this.label, this.uploadedBy, this.uploaderOrganisationId, this.namedPeople,
				this.namedOrganisations);
	}

}
