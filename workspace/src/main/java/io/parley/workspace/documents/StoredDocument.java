package io.parley.workspace.documents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document with all its versions inside one MongoDB document, which also carries the event outbox: adding a
 * version, changing the label or quarantining a version is one update that records its event too (ADR 0005). It is
 * only ever changed by updates conditional on {@code version}, never replaced whole.
 *
 * @param namedPeople person ids a {@code TLP:RED} label names (besides the uploader)
 * @param namedOrganisations organisation ids a {@code TLP:AMBER+STRICT} label names (besides the uploader's)
 * @param uploadedBy the person who uploaded the first version: a RED document's owner in TLP terms
 * @param uploaderOrganisationId that person's organisation in the workspace when they uploaded it
 * @param version incremented by every change that records an event; the events' {@code aggregateVersion}
 * @param copiedFrom the document and version this one was copied from (ADR 0017); null for an upload
 */
@Document("documents")
record StoredDocument(@Id UUID id, @Indexed UUID workspaceId, String title, TlpLabel label, List<String> namedPeople,
		List<String> namedOrganisations, String uploadedBy, String uploaderOrganisationId, Instant createdAt,
		boolean deleted, @Nullable Instant deletedAt, @Nullable String deletedBy, boolean purged,
		List<Version> versions, long version, @Nullable CopySource copiedFrom) {

	Version latest() {
		return this.versions.get(this.versions.size() - 1);
	}

	/** Where a copy came from, and who copied it (also in both workspaces' audit chains). */
	record CopySource(UUID workspaceId, UUID documentId, int version, String copiedBy) {
	}

	/**
	 * @param version 1, 2, …; version {@code n} is at index {@code n - 1} of {@code versions}, which is how updates
	 * address it (positional operators differ between Mongo flavours)
	 * @param contentId the GridFS file (bucket {@code contents}) holding the bytes
	 * @param scanFinding what the scanner found, for owners
	 */
	record Version(int version, String fileName, long size, String sha256, String mediaType, ObjectId contentId,
			String uploadedBy, Instant uploadedAt, ScanStatus scan, @Nullable String scanFinding) {
	}

}
