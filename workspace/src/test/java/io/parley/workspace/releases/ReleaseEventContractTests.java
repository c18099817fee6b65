package io.parley.workspace.releases;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.EventTypes;
import io.parley.workspace.audit.AuditEntry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace against rollouts' contracts: every {@code rollouts.release.*} type is bound, its sample reads without
 * loss, and each sample, delivered as the dispatcher delivers it (twice), is one entry in the audit chain of the
 * release's workspace naming the event and what it carries.
 */
class ReleaseEventContractTests extends ReleaseTest {

	private static final String PREFIX = "rollouts.release.";

	@Autowired
	EventSubscription subscription;

	@Test
	void givenEveryRolloutsContract_whenWorkspaceSubscribes_thenEachIsBoundAndItsSampleReadsWithoutLoss() {
		List<String> rollouts = EventTypes.contracts().keySet().stream().filter((type) -> type.startsWith(PREFIX)).toList();
		assertThat(rollouts).hasSize(9);
		assertThat(this.subscription.boundTypes()).containsKeys(rollouts.toArray(String[]::new));
		rollouts.forEach((type) -> assertThat(this.subscription.boundTypes().get(type))
			.isEqualTo(EventTypes.contracts().get(type)));
		EventSamples.assertConsumerReadsEverySample(this.subscription, JSON);
	}

	@Test
	void givenEverySample_whenEachIsDeliveredTwice_thenOneEntryEachWithWhatTheEventCarries() throws Exception {
		UUID workspace = workspaceWith("partner-engineer:CONTRIBUTOR");
		UUID release = UUID.randomUUID();
		List<String> types = EventSamples.all().keySet().stream().filter((type) -> type.startsWith(PREFIX)).toList();
		long before = this.trail.count(workspace);

		for (String type : types) {
			EventEnvelope envelope = retargeted(EventSamples.envelope(type), workspace, release);
			deliver(envelope);
			deliver(envelope);
		}

		List<AuditEntry> entries = chain(workspace).stream().skip(before).toList();
		assertThat(entries).extracting(AuditEntry::action)
			.containsExactlyElementsOf(types.stream().map((type) -> "release." + type.substring(PREFIX.length())).toList());
		for (AuditEntry entry : entries) {
			JsonNode data = EventSamples.sample("rollouts." + entry.action()).get("data");
			assertThat(entry.subject()).isEqualTo(release.toString());
			assertThat(entry.actorId()).isEqualTo(data.get("actorId").asString());
			assertThat(entry.at()).isEqualTo(EventSamples.envelope("rollouts." + entry.action()).occurredAt());
			assertThat(entry.details()).containsEntry("releaseId", release.toString())
				.containsEntry("product", "Acme Falcon Sensor")
				.containsEntry("version", "7.11.2")
				.containsEntry("label", "TLP:AMBER")
				.containsEntry("releasingOrganisation", "acme-security");
			for (String carried : List.of("ring", "reason", "decision", "ringName")) {
				if (data.has(carried)) {
					assertThat(entry.details()).as("%s of %s", carried, entry.action())
						.containsEntry(carried, data.get(carried).asString());
				}
			}
		}
		assertThat(entries.stream().filter((entry) -> entry.action().equals("release.halted")).findFirst().orElseThrow()
			.details()).containsEntry("automatic", "true")
			.containsEntry("participants", "acme-security, os-vendor")
			.containsEntry("breaches", "BOOT_FAILURE_RATE 4.2 per mille over the gate of 1.0 on 5000 devices reporting");
		assertThat(this.trail.verify(workspace).valid()).isTrue();
	}

	/** The sample's event for a release of this workspace. */
	private static EventEnvelope retargeted(EventEnvelope sample, UUID workspace, UUID release) {
		ObjectNode data = (ObjectNode) sample.data().deepCopy();
		ObjectNode summary = (ObjectNode) data.get("release");
		summary.put("workspaceId", workspace.toString());
		summary.put("releaseId", release.toString());
		return new EventEnvelope(UUID.randomUUID(), sample.type(), sample.occurredAt(), sample.producer(),
				release.toString(), sample.aggregateVersion(), data);
	}

	/** As platform's dispatcher does: the data read into the bound class, handed to the handler for it. */
	private void deliver(EventEnvelope envelope) throws Exception {
		Class<?> type = EventTypes.contracts().get(envelope.type());
		Object event = JSON.treeToValue(envelope.data(), type);
		try {
			ReleaseEvents.class.getDeclaredMethod("on", type, EventEnvelope.class).invoke(this.events, event, envelope);
		}
		catch (InvocationTargetException ex) {
			throw (Exception) ex.getCause();
		}
	}

}
