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

	record DocumentView(UUID id, UUID workspaceId, String title, TlpLabel label, List<String> namedPeople,
			List<String> namedOrganisations, String uploadedBy, String uploaderOrganisationId, Instant createdAt,
			boolean deleted, int latestVersion, List<VersionView> versions) {

		static DocumentView of(StoredDocument document, boolean owner) {
			return new DocumentView(document.id(), document.workspaceId(), document.title(), document.label(),
					document.namedPeople(), document.namedOrganisations(), document.uploadedBy(),
					document.uploaderOrganisationId(), document.createdAt(), document.deleted(),
					document.latest().version(),
					document.versions().stream().map((version) -> VersionView.of(version, owner)).toList());
		}

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

	/** {@code PUT …/label}: the new label and the audience it names. */
	record LabelChange(TlpLabel label, @Nullable List<UUID> namedPeople, @Nullable List<String> namedOrganisations) {
	}

}
