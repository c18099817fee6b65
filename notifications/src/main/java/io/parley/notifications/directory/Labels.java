package io.parley.notifications.directory;

import java.util.Collection;
import java.util.UUID;

import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.labels.Audience;
import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/**
 * Notifications' records as platform's one label rule sees them (ADR 0027): labels arrive in events as TLP 2.0
 * text, and an unknown one is treated as RED, so a typo narrows the audience instead of widening it.
 */
public final class Labels {

	/** What a notice about something notifications knows nothing of counts as: the narrowest label. */
	public static final String RED = TlpLabel.RED.value();

	private Labels() {
	}

	public static boolean maySee(String label, @Nullable String uploadedBy, @Nullable String uploaderOrganisation,
			Collection<String> namedPeople, Collection<String> namedOrganisations, Directory.Member member) {
		return audience(label, uploadedBy, uploaderOrganisation, namedPeople, namedOrganisations)
			.includes(new Reader(member.personId(), member.organisationId()));
	}

	/** The audience of something labelled {@code label} that {@code uploadedBy} shared, as platform's rule sees it. */
	public static Audience audience(String label, @Nullable String uploadedBy, @Nullable String uploaderOrganisation,
			Collection<String> namedPeople, Collection<String> namedOrganisations) {
		// nobody shared it, as far as we know: nobody is the sharer a RED label always admits
		String sharedBy = (uploadedBy != null) ? uploadedBy : "";
		return Audience.of(TlpLabel.orRed(label), sharedBy, uploaderOrganisation, namedPeople, namedOrganisations);
	}

	/** A release's audience: the releasing organisation shares it, the declarer is the sharer (issue 20). */
	public static Audience audience(ReleaseSummary release) {
		return audience(release.label(), release.declaredBy(), release.organisationId(),
				release.namedPeople().stream().map(UUID::toString).toList(), release.namedOrganisations());
	}

	/**
	 * Whether a member of the release's workspace may read it: the releasing organisation shares it as an uploader's
	 * organisation shares a document, the person who declared it is the sharer (issue 20's rules).
	 */
	public static boolean mayRead(ReleaseSummary release, Directory.Member member) {
		return audience(release).includes(new Reader(member.personId(), member.organisationId()));
	}

	/**
	 * Whether a mail or digest may carry the title. AMBER, AMBER+STRICT and RED content leaves the portal only as
	 * a link and its label (so does an unknown label); unlabelled notices (access, membership) carry no content.
	 */
	public static boolean titleMayLeavePortal(@Nullable String label) {
		return label == null || TlpLabel.orRed(label).mayLeavePortal();
	}

}
