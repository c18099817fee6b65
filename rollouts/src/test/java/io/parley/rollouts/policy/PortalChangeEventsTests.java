package io.parley.rollouts.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.rollouts.RolloutsApiTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Portal-wide changes carry their event in the same write as the change, for the portal's audit chain (workspace):
 * the policy, and freeze windows set and removed. A refused change records nothing.
 */
class PortalChangeEventsTests extends RolloutsApiTest {

	/** The policy the tests run under (config/application.properties), saved again unchanged. */
	private static final Map<String, Object> SAME = Map.of("kernelModeKinds", List.of("KERNEL_DRIVER", "SENSOR"),
			"hostSignOffBeforeLeavingFirstRing", true, "minimumRings", 2, "minimumSoak", "PT1H",
			"kernelModeStartsPerDay", 1000);

	@Test
	void givenPortalAdmin_whenChangingThePolicy_thenTheChangeAndItsEventAreOneWriteAndRefusalsRecordNothing()
			throws Exception {
		expect(200, this.mvc.perform(as("host-admin", json(put("/api/rollouts/policy"), SAME)))
			.andReturn()
			.getResponse());
		List<EventEnvelope> before = outboxOf("policy", "current");
		long version = this.mongo.findById("current", Document.class, "policy")
			.get("version", Number.class)
			.longValue();

		expect(200, this.mvc.perform(as("host-admin", json(put("/api/rollouts/policy"), SAME)))
			.andReturn()
			.getResponse());

		List<EventEnvelope> after = outboxOf("policy", "current");
		assertThat(after).hasSize(before.size() + 1);
		EventEnvelope changed = after.get(after.size() - 1);
		assertThat(changed.type()).isEqualTo("rollouts.policy.changed");
		assertThat(changed.aggregateVersion()).isEqualTo(version + 1);
		EventSamples.assertMatchesSample(changed, JSON);
		assertThat(changed.data().get("actorId").asString()).isEqualTo(subjectOf("host-admin"));
		assertThat(changed.data().get("kernelModeStartsPerDay").asInt()).isEqualTo(1000);
		assertThat(changed.data().get("minimumSoak").asString()).isEqualTo("PT1H");

		expect(403, this.mvc.perform(as("host-org-admin", json(put("/api/rollouts/policy"), SAME)))
			.andReturn()
			.getResponse());
		expect(400, this.mvc.perform(as("host-admin", json(put("/api/rollouts/policy"), Map.of("kernelModeKinds",
				List.of("KERNEL_DRIVER"), "hostSignOffBeforeLeavingFirstRing", true, "minimumRings", 0, "minimumSoak",
				"PT1H", "kernelModeStartsPerDay", 1000))))
			.andReturn()
			.getResponse());
		assertThat(outboxOf("policy", "current")).hasSize(after.size());
	}

	@Test
	void givenHostOrgAdmin_whenSettingAndRemovingAFreeze_thenEachCarriesItsEventAndTheWindowLeavesTheCalendar()
			throws Exception {
		// far in the past: no other test's schedule runs into this window
		JsonNode freeze = expect(201, this.mvc
			.perform(as("host-org-admin", json(post("/api/rollouts/calendar/freezes"),
					Map.of("from", "1991-03-10T00:00:00Z", "to", "1991-03-12T00:00:00Z", "reason", "Update day"))))
			.andReturn()
			.getResponse());
		UUID id = UUID.fromString(freeze.get("id").asString());
		String path = "/api/rollouts/calendar/freezes/" + id;
		EventEnvelope added = outboxOf("freezes", id).get(0);
		assertThat(added.type()).isEqualTo("rollouts.calendar.freeze-added");
		EventSamples.assertMatchesSample(added, JSON);
		assertThat(added.data().get("actorId").asString()).isEqualTo(subjectOf("host-org-admin"));
		assertThat(added.data().get("reason").asString()).isEqualTo("Update day");

		expect(403, this.mvc.perform(as("partner-engineer", delete(path))).andReturn().getResponse());
		assertThat(outboxOf("freezes", id)).hasSize(1);
		expect(204, this.mvc.perform(as("host-admin", delete(path))).andReturn().getResponse());

		List<EventEnvelope> events = outboxOf("freezes", id);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("rollouts.calendar.freeze-added", "rollouts.calendar.freeze-removed");
		EventEnvelope removed = events.get(1);
		EventSamples.assertMatchesSample(removed, JSON);
		assertThat(removed.aggregateVersion()).isEqualTo(2);
		assertThat(removed.data().get("actorId").asString()).isEqualTo(subjectOf("host-admin"));
		assertThat(removed.data().get("from").asString()).isEqualTo("1991-03-10T00:00:00Z");
		JsonNode calendar = expect(200, this.mvc
			.perform(as("host-admin", get("/api/rollouts/calendar").param("from", "1991-03-09T00:00:00Z")
				.param("to", "1991-03-13T00:00:00Z")))
			.andReturn()
			.getResponse());
		assertThat(calendar.get("freezes")).isEmpty();
		// removed once: a second removal is 404 and records nothing
		expect(404, this.mvc.perform(as("host-admin", delete(path))).andReturn().getResponse());
		assertThat(outboxOf("freezes", id)).hasSize(2);
	}

	private List<EventEnvelope> outboxOf(String collection, Object id) {
		List<EventEnvelope> events = new ArrayList<>();
		Document document = this.mongo.findById(id, Document.class, collection);
		if (document != null) {
			for (Document entry : document.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

}
