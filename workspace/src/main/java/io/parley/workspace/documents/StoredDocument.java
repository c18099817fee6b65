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
 * @param version incremented by every change (setting, changing or cancelling an embargo too, which records no
 * event); the events' {@code aggregateVersion}
 * @param copiedFrom the document and version this one was copied from (ADR 0017); null for an upload
 * @param embargo the label the document is to take at a set time (ADR 0042); null when none is planned
 */
@Document("documents")
record StoredDocument(@Id UUID id, @Indexed UUID workspaceId, String title, TlpLabel label, List<String> namedPeople,
		List<String> namedOrganisations, String uploadedBy, String uploaderOrganisationId, Instant createdAt,
		boolean deleted, @Nullable Instant deletedAt, @Nullable String deletedBy, boolean purged,
		List<Version> versions, long version, @Nullable CopySource copiedFrom, @Nullable Embargo embargo) {

	Version latest() {
		return this.versions.get(this.versions.size() - 1);
	}

	/** Where a copy came from, and who copied it (also in both workspaces' audit chains). */
	record CopySource(UUID workspaceId, UUID documentId, int version, String copiedBy) {
	}

	/**
	 * "Until {@code until}, keep the label; at {@code until}, become {@code label} naming these" (ADR 0042). The
	 * planned audience is wider than the current one and keeps everyone in it, so whoever may read the document now
	 * may also see what it will become.
	 *
	 * @param setBy who set the embargo or last changed it: the person the widening at {@code until} is recorded
	 * under
	 */
	record Embargo(Instant until, TlpLabel label, List<String> namedPeople, List<String> namedOrganisations,
			String setBy, Instant setAt) {
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
