package io.parley.workspace.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An audit entry decided together with a change and stored inside the changed document (see {@link AuditOutbox}),
 * waiting to be appended to its workspace's chain. {@code id} becomes the chain entry's id, which is what makes
 * appending it more than once harmless.
 *
 * @param at when the change happened (not when the entry reached the chain)
 */
public record PendingEntry(UUID id, UUID workspaceId, Instant at, String actorId, String action, String subject,
		Map<String, String> details) {

	public PendingEntry {
		details = Map.copyOf(details);
	}

}
