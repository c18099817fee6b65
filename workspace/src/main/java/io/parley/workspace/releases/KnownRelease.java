package io.parley.workspace.releases;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.labels.Audience;
import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.workspaces.Workspace.Member;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What workspace keeps of a release (collection {@code releases}, one document per release, from the
 * {@link ReleaseSummary} every {@code rollouts.release.*} event carries): enough to decide who may read its audit
 * entries. The releasing organisation shares a release the way an uploader's organisation shares a document, so its
 * audience is platform's {@link Audience} with the declarer as the sharer (ADR 0027); nothing here is a rule of its
 * own.
 *
 * @param label as the event spelled it; anything that is not a TLP 2.0 label counts as {@code TLP:RED}
 * @param eventVersion the {@code aggregateVersion} of the newest event this was taken from
 */
@Document("releases")
record KnownRelease(@Id UUID id, UUID workspaceId, String organisationId, String declaredBy, String label,
		List<String> namedPeople, List<String> namedOrganisations, long eventVersion) {

	static KnownRelease of(ReleaseSummary release, long eventVersion) {
		return new KnownRelease(release.releaseId(), release.workspaceId(), release.organisationId(),
				release.declaredBy(), release.label(),
				Objects.requireNonNullElse(release.namedPeople(), List.<UUID>of()).stream().map(UUID::toString).toList(),
				Objects.requireNonNullElse(release.namedOrganisations(), List.of()), eventVersion);
	}

	Audience audience() {
		return Audience.of(TlpLabel.orRed(this.label), this.declaredBy, this.organisationId, this.namedPeople,
				this.namedOrganisations);
	}

	/**
	 * Whether this member of the release's workspace may read the release: their organisation is the one the
	 * workspace recorded from identity, never a token's claim.
	 */
	boolean readableBy(Member member) {
		return audience().includes(new Reader(member.personId(), member.organisation()));
	}

}
