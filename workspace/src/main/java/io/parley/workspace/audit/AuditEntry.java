package io.parley.workspace.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One link of a workspace's chain. {@code hash} is the SHA-256 of this entry's fields together with
 * {@code previousHash}, so changing any stored entry breaks its own hash and every later link.
 *
 * @param sequence 1 for the first entry of a workspace, then +1; unique per workspace, which is what serialises
 * concurrent appends
 * @param actorId who did it (a person id, or {@code system})
 * @param action what happened, e.g. {@code document.downloaded}, {@code access.refused}
 * @param subject what it happened to, e.g. a document id
 * @param details further facts, flat strings only so that the hash input is unambiguous
 */
@Document("audit")
@CompoundIndex(name = "chain", def = "{'workspaceId': 1, 'sequence': 1}", unique = true)
public record AuditEntry(@Id UUID id, UUID workspaceId, long sequence, Instant at, String actorId, String action,
		String subject, Map<String, String> details, String previousHash, String hash) {

	/** The hash before the first entry of every chain. */
	public static final String GENESIS = "0".repeat(64);

	/** What {@code hash} must be for the other fields as stored. */
	public String expectedHash() {
		return hashOf(this.workspaceId, this.sequence, this.at, this.actorId, this.action, this.subject,
				this.details, this.previousHash);
	}

	static String hashOf(UUID workspaceId, long sequence, Instant at, String actorId, String action, String subject,
			Map<String, String> details, String previousHash) {
		// Length-prefixed fields: no choice of values can make two different entries serialise alike.
		StringBuilder input = new StringBuilder();
		field(input, workspaceId.toString());
		field(input, Long.toString(sequence));
		field(input, at.toString());
		field(input, actorId);
		field(input, action);
		field(input, subject);
		new TreeMap<>(details).forEach((key, value) -> {
			field(input, key);
			field(input, value);
		});
		field(input, previousHash);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(input.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	private static void field(StringBuilder input, String value) {
		input.append(value.length()).append(':').append(value).append(';');
	}

}
