package io.parley.workspace.documents;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads every stored version whole and checks it against what was recorded at upload: each GridFS chunk against its
 * own SHA-256 and length (the download path, {@link DocumentContents#openChecked}, ADR 0026), and the SHA-256 of all
 * its bytes against the version's {@code sha256}. Used after a restore (ADR 0037) to prove that no document lost
 * or changed a byte on the way; it reads everything, so it costs a full read of the content store.
 * <p>
 * Versions of purged documents have no content any more (housekeeping removed it, ADR 0011) and are counted as
 * skipped. A version stored before chunk hashes existed gets them recorded by its first whole read, as a first
 * download would (ADR 0026), only after its whole-file hash matched.
 */
@Component
public class StoredContentCheck {

	private static final Logger log = LoggerFactory.getLogger(StoredContentCheck.class);

	private final MongoTemplate mongo;

	private final DocumentContents contents;

	StoredContentCheck(MongoTemplate mongo, DocumentContents contents) {
		this.mongo = mongo;
		this.contents = contents;
	}

	/**
	 * @param documents documents read
	 * @param versions versions whose content was read and matched or failed
	 * @param skipped versions of purged documents (no content kept)
	 * @param bytes content bytes read
	 * @param failures the first {@code maxFailures} versions that did not match, in document order
	 * @param failed how many versions did not match in all
	 */
	public record Outcome(long documents, long versions, long skipped, long bytes, List<Failure> failures,
			long failed) {
	}

	/** A version whose stored content is not what was recorded for it (ids left out for portal admins). */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Failure(@Nullable UUID workspaceId, @Nullable UUID documentId, int version, String problem) {
	}

	public Outcome checkAll(int maxFailures) {
		long documents = 0;
		long versions = 0;
		long skipped = 0;
		long bytes = 0;
		long failed = 0;
		List<Failure> failures = new ArrayList<>();
		try (Stream<StoredDocument> all = this.mongo.stream(new Query().cursorBatchSize(100), StoredDocument.class)) {
			for (StoredDocument document : (Iterable<StoredDocument>) all::iterator) {
				documents++;
				for (StoredDocument.Version version : document.versions()) {
					if (document.purged()) {
						skipped++;
						continue;
					}
					versions++;
					bytes += version.size();
					String problem = problemWith(version);
					if (problem != null) {
						failed++;
						log.error("Restore check: document {} version {} of workspace {}: {}", document.id(),
								version.version(), document.workspaceId(), problem);
						if (failures.size() < maxFailures) {
							failures.add(new Failure(document.workspaceId(), document.id(), version.version(), problem));
						}
					}
				}
			}
		}
		return new Outcome(documents, versions, skipped, bytes, List.copyOf(failures), failed);
	}

	private @Nullable String problemWith(StoredDocument.Version version) {
		MessageDigest sha256 = DocumentContents.sha256();
		long read = 0;
		try (CheckedContent in = this.contents.openChecked(version.contentId(), version.size(), version.sha256(), 0,
				version.size() - 1)) {
			byte[] buffer = new byte[64 * 1024];
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				sha256.update(buffer, 0, n);
				read += n;
			}
		}
		catch (CheckedContent.Corrupt ex) {
			return ex.found();
		}
		catch (IOException | RuntimeException ex) {
			return "content unreadable: " + ex;
		}
		String actual = HexFormat.of().formatHex(sha256.digest());
		if (read != version.size() || !actual.equals(version.sha256())) {
			return read + " bytes hashing to " + actual + " where " + version.size() + " bytes hashing to "
					+ version.sha256() + " were recorded";
		}
		return null;
	}

}
