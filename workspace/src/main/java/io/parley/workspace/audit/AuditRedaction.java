package io.parley.workspace.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.security.Caller;

/**
 * The audit trail follows the labels (ADR 0028): an entry about a document (its id as the subject, or in a detail:
 * a comment's {@code documentId}, a copy's {@code fromDocument}) that the reader may not see is shown redacted. It
 * keeps its place in the chain (sequence, time, hash and previous hash, so the links still verify) and loses what
 * would tell the reader about the document: its id, the actor, the action and the details (content hashes, named
 * people, who downloaded it). The documents feature decides who may see which document, the releases feature which
 * release (ADR 0032); this interface is how the audit feature asks without depending on either.
 */
public interface AuditRedaction {

	String REDACTED = "redacted";

	/** Of {@code ids}, those naming documents of the workspace that {@code reader} may not see. */
	Set<String> hiddenFrom(Caller reader, UUID workspaceId, Set<String> ids);

	/**
	 * One redaction that hides what any of {@code redactions} hides: each feature answers for the ids of its own
	 * things (documents, releases) and leaves every other id alone.
	 */
	static AuditRedaction all(List<AuditRedaction> redactions) {
		return (reader, workspaceId, ids) -> {
			Set<String> hidden = new LinkedHashSet<>();
			for (AuditRedaction redaction : redactions) {
				hidden.addAll(redaction.hiddenFrom(reader, workspaceId, ids));
			}
			return hidden;
		};
	}

	/** The entries as {@code reader} may see them, in the same order. */
	default List<AuditEntry> redact(Caller reader, UUID workspaceId, Collection<AuditEntry> entries) {
		Set<String> ids = new LinkedHashSet<>();
		for (AuditEntry entry : entries) {
			ids.addAll(mentioned(entry));
		}
		Set<String> hidden = ids.isEmpty() ? Set.of() : hiddenFrom(reader, workspaceId, ids);
		List<AuditEntry> shown = new ArrayList<>(entries.size());
		for (AuditEntry entry : entries) {
			shown.add(mentioned(entry).stream().anyMatch(hidden::contains) ? redacted(entry) : entry);
		}
		return shown;
	}

	/** Every id an entry mentions: its subject and any detail that is an id. */
	static Set<String> mentioned(AuditEntry entry) {
		Set<String> ids = new LinkedHashSet<>();
		if (isUuid(entry.subject())) {
			ids.add(entry.subject());
		}
		for (String value : entry.details().values()) {
			if (isUuid(value)) {
				ids.add(value);
			}
		}
		return ids;
	}

	static AuditEntry redacted(AuditEntry entry) {
		return new AuditEntry(entry.id(), entry.workspaceId(), entry.sequence(), entry.at(), REDACTED, REDACTED,
				REDACTED, Map.of(), entry.previousHash(), entry.hash());
	}

	private static boolean isUuid(String value) {
		if (value.length() != 36) {
			return false;
		}
		try {
			UUID.fromString(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
