package io.parley.workspace.audit;

import java.util.Iterator;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Checks a chain read in sequence order: every entry's own hash, its link to the one before, and that no sequence
 * number is missing or repeated. Works on any source of entries (a database cursor, the lines of an export), so an
 * auditor can check an export with the same rule the service uses.
 */
public final class AuditChain {

	private AuditChain() {
	}

	/** Reads every entry (to count them) but reports only the first break. */
	public static Verification verify(Iterator<AuditEntry> entries) {
		long expected = 1;
		long count = 0;
		String previous = AuditEntry.GENESIS;
		Long broken = null;
		String reason = null;
		while (entries.hasNext()) {
			AuditEntry entry = entries.next();
			count++;
			if (broken == null) {
				String problem = problemWith(entry, expected, previous);
				if (problem != null) {
					broken = (entry.sequence() != expected) ? expected : entry.sequence();
					reason = problem;
				}
			}
			expected = entry.sequence() + 1;
			previous = entry.hash();
		}
		return new Verification(broken == null, count, broken, reason);
	}

	private static @Nullable String problemWith(AuditEntry entry, long expected, String previous) {
		if (entry.sequence() > expected) {
			return "entry " + expected + " is missing";
		}
		if (entry.sequence() < expected) {
			return "entry " + entry.sequence() + " appears more than once";
		}
		if (!previous.equals(entry.previousHash())) {
			return "entry " + entry.sequence() + " does not link to the entry before it";
		}
		try {
			if (!entry.expectedHash().equals(entry.hash())) {
				return "entry " + entry.sequence() + " does not match its hash";
			}
		}
		catch (RuntimeException ex) {
			// a field removed or emptied by hand: the hash input cannot even be formed
			return "entry " + entry.sequence() + " is incomplete";
		}
		return null;
	}

	/**
	 * @param entries how many entries the chain holds
	 * @param firstBrokenSequence the first sequence at which the chain does not hold (for a missing entry, its
	 * number)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Verification(boolean valid, long entries, @Nullable Long firstBrokenSequence,
			@Nullable String reason) {
	}

}
