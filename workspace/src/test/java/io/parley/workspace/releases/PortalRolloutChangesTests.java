package io.parley.workspace.releases;

import java.util.List;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Rollouts' portal-wide changes (policy, freeze windows) land in the portal's audit chain once per event, and only
 * the host's auditors read them there.
 */
class PortalRolloutChangesTests extends ReleaseTest {

	private static final List<String> TYPES = List.of("rollouts.policy.changed", "rollouts.calendar.freeze-added",
			"rollouts.calendar.freeze-removed");

	@Autowired
	EventSubscription subscription;

	@Test
	void givenPolicyAndFreezeEventsDeliveredTwice_whenHandled_thenOnePortalEntryEachWithWhoAndWhat()
			throws Exception {
		for (int delivery = 0; delivery < 2; delivery++) {
			for (String type : TYPES) {
				EventSamples.deliver(this.subscription, EventSamples.envelope(type), JSON);
			}
		}

		List<AuditEntry> entries = chain(AuditTrail.PORTAL).stream()
			.filter((entry) -> TYPES.stream()
				.map(EventSamples::envelope)
				.map((envelope) -> ReleaseEvents.entryId(envelope, AuditTrail.PORTAL))
				.anyMatch(entry.id()::equals))
			.toList();
		assertThat(entries).extracting(AuditEntry::action)
			.containsExactly("rollout-policy.changed", "freeze-window.added", "freeze-window.removed");
		EventEnvelope policy = EventSamples.envelope("rollouts.policy.changed");
		assertThat(entries.get(0).actorId()).isEqualTo(policy.data().get("actorId").asString());
		assertThat(entries.get(0).at()).isEqualTo(policy.occurredAt());
		assertThat(entries.get(0).subject()).isEqualTo("rollout-policy");
		assertThat(entries.get(0).details()).containsEntry("kernelModeStartsPerDay", "2")
			.containsEntry("minimumRings", "3")
			.containsEntry("minimumSoak", "PT2H")
			.containsEntry("kernelModeKinds", "KERNEL_DRIVER, SENSOR")
			.containsEntry("policyVersion", "2");
		assertThat(entries.get(1).subject()).isEqualTo("f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b");
		assertThat(entries.get(1).details()).containsEntry("from", "2026-03-10T00:00:00Z")
			.containsEntry("reason", "Monthly update day");
		assertThat(this.trail.verify(AuditTrail.PORTAL).valid()).isTrue();
	}

	@Test
	void givenAPolicyChangeInThePortalChain_whenPeopleReadTheChain_thenOnlyTheHostsAuditorsSeeIt() throws Exception {
		EventSamples.deliver(this.subscription, EventSamples.envelope("rollouts.policy.changed"), JSON);
		String portal = "/api/workspaces/" + AuditTrail.PORTAL + "/audit?size=500";

		assertThat(this.mvc.perform(as("auditor", get(portal)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("rollout-policy.changed").contains("PT2H");
		// portal admins make these changes and read the current policy; the trail of them is the auditors'
		for (String other : List.of("host-admin", "partner-engineer", "gov-liaison")) {
			this.mvc.perform(as(other, get(portal)))
				.andExpect(status().isNotFound())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		}
	}

}
