package io.parley.workspace.documents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.workspace.documents.StoredDocument.Version;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/** The API's shapes of a document (ADR 0009: {@code Document}, {@code Version}). */
final class DocumentViews {

	private DocumentViews() {
	}

	/**
	 * @param embargo the label the document takes at a set time, and when (ADR 0042); null when none is planned.
	 * Shown to everyone who may see the document: the planned audience keeps all of them, so it tells them nothing
	 * its end would not.
	 */
	record DocumentView(UUID id, UUID workspaceId, String title, TlpLabel label, List<String> namedPeople,
			List<String> namedOrganisations, String uploadedBy, String uploaderOrganisationId, Instant createdAt,
			boolean deleted, int latestVersion, List<VersionView> versions, @Nullable EmbargoView embargo) {

		static DocumentView of(StoredDocument document, boolean owner) {
			StoredDocument.Embargo embargo = document.embargo();
			return new DocumentView(document.id(), document.workspaceId(), document.title(), document.label(),
					document.namedPeople(), document.namedOrganisations(), document.uploadedBy(),
					document.uploaderOrganisationId(), document.createdAt(), document.deleted(),
					document.latest().version(),
					document.versions().stream().map((version) -> VersionView.of(version, owner)).toList(),
					(embargo != null) ? new EmbargoView(embargo.until(), embargo.label(), embargo.namedPeople(),
							embargo.namedOrganisations(), embargo.setBy(), embargo.setAt()) : null);
		}

	}

	/** "Until {@code until} the document keeps its label; then it becomes {@code label} naming these." */
	record EmbargoView(Instant until, TlpLabel label, List<String> namedPeople, List<String> namedOrganisations,
			String setBy, Instant setAt) {
	}

	/** @param scanFinding what the scanner found; only owners are told */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record VersionView(int version, String fileName, long size, String sha256, String mediaType, String uploadedBy,
			Instant uploadedAt, ScanStatus scan, @Nullable String scanFinding) {

		static VersionView of(Version version, boolean owner) {
			return new VersionView(version.version(), version.fileName(), version.size(), version.sha256(),
					version.mediaType(), version.uploadedBy(), version.uploadedAt(), version.scan(),
					owner ? version.scanFinding() : null);
		}

	}

	/**
	 * {@code POST …/copies}: where to, and which version (the latest if absent).
	 */
	record CopyRequest(@Nullable UUID targetWorkspaceId, @Nullable Integer version) {
	}

	/**
	 * {@code PUT …/embargo}: when the embargo ends and the label (with the audience it names) the document takes
	 * then.
	 */
	record EmbargoRequest(@Nullable Instant until, @Nullable TlpLabel label, @Nullable List<UUID> namedPeople,
			@Nullable List<String> namedOrganisations) {
	}

	/** {@code PUT …/label}: the new label and the audience it names. */
	record LabelChange(TlpLabel label, @Nullable List<UUID> namedPeople, @Nullable List<String> namedOrganisations) {
	}

}
