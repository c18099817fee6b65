package io.parley.workspace.releases;

import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.FreezeWindowAdded;
import io.parley.platform.events.contract.FreezeWindowRemoved;
import io.parley.platform.events.contract.RolloutPolicyChanged;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.audit.PendingEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Rollouts' portal-wide changes in the portal's audit chain ({@link AuditTrail#PORTAL}, read by the host's auditors,
 * ADR 0012): the rollout policy a portal admin changed (action {@code rollout-policy.changed}, subject
 * {@code rollout-policy}), freeze windows set and removed ({@code freeze-window.added} / {@code .removed}, subject
 * the window's id). Rollouts records each event in the same write as the change; here each becomes one entry, once
 * per event id like a release's entries ({@link ReleaseEvents#entryId}), whatever the number of deliveries.
 */
@Service
public class PortalRolloutChanges {

	private static final Logger log = LoggerFactory.getLogger(PortalRolloutChanges.class);

	private final AuditTrail trail;

	PortalRolloutChanges(AuditTrail trail) {
		this.trail = trail;
	}

	public EventSubscription bind(EventSubscription subscription) {
		return subscription.on(RolloutPolicyChanged.class, this::on)
			.on(FreezeWindowAdded.class, this::on)
			.on(FreezeWindowRemoved.class, this::on);
	}

	void on(RolloutPolicyChanged event, EventEnvelope envelope) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("kernelModeKinds", String.join(", ", event.kernelModeKinds()));
		details.put("hostSignOffBeforeLeavingFirstRing", Boolean.toString(event.hostSignOffBeforeLeavingFirstRing()));
		details.put("minimumRings", Integer.toString(event.minimumRings()));
		details.put("minimumSoak", event.minimumSoak());
		details.put("kernelModeStartsPerDay", Integer.toString(event.kernelModeStartsPerDay()));
		details.put("policyVersion", Long.toString(envelope.aggregateVersion()));
		append(envelope, event.actorId(), "rollout-policy.changed", "rollout-policy", details);
	}

	void on(FreezeWindowAdded event, EventEnvelope envelope) {
		append(envelope, event.actorId(), "freeze-window.added", event.freezeId().toString(),
				window(event.from().toString(), event.to().toString(), event.reason()));
	}

	void on(FreezeWindowRemoved event, EventEnvelope envelope) {
		append(envelope, event.actorId(), "freeze-window.removed", event.freezeId().toString(),
				window(event.from().toString(), event.to().toString(), event.reason()));
	}

	private static Map<String, String> window(String from, String to, String reason) {
		return Map.of("from", from, "to", to, "reason", reason);
	}

	private void append(EventEnvelope envelope, String actorId, String action, String subject,
			Map<String, String> details) {
		AuditEntry entry = this.trail.append(new PendingEntry(ReleaseEvents.entryId(envelope, AuditTrail.PORTAL),
				AuditTrail.PORTAL, envelope.occurredAt(), actorId, action, subject, details));
		log.info("Portal audit entry {} ({}) for event {} of {}", entry.sequence(), action, envelope.id(), actorId);
	}

}
