package io.parley.workspace.releases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.workspace.TestBroker;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.workspaces.Workspaces;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * War rooms through the real RabbitMQ on 127.0.0.1:5672, with workspace's relay and consumer on: rollouts'
 * {@code rollouts.release.halted}, published twice with the same id and taken by two listener threads of workspace's
 * queue (as two instances would), opens one war room that a participant sees through the API and another
 * organisation gets 404 for, and the room's {@code workspace.workspace.created} leaves through the outbox once; a
 * person an owner then removes from the release's workspace leaves the room through workspace's own event. The
 * context is closed afterwards, so its relay does not drain the outboxes other tests read.
 */
@SpringBootTest(properties = { "parley.events.relay.enabled=true", "parley.events.consumer.concurrency=2",
		"parley.events.consumer.prefetch=1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WarRoomIntegrationTests extends ReleaseTest {

	/** The service's own queue for this run, not one other test JVMs on this broker consume too. */
	private static final String CONSUMER_QUEUE = "war-room-integration-consumer-" + UUID.randomUUID();

	private static TestBroker broker;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Workspaces workspaces;

	@DynamicPropertySource
	static void consumerQueue(DynamicPropertyRegistry registry) {
		registry.add("parley.workspace.events-queue", () -> CONSUMER_QUEUE);
	}

	@BeforeAll
	static void listen() {
		broker = new TestBroker("war-room-integration-test-" + UUID.randomUUID(), "workspace.#");
	}

	@AfterAll
	static void stopListening() {
		broker.close(CONSUMER_QUEUE, CONSUMER_QUEUE + ".dlq");
	}

	@Test
	void givenHaltPublishedTwice_whenWorkspaceConsumesIt_thenOneWarRoomForTheParticipantAnd404ForOthers()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "outsider:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted halted = halt(release, List.of(RELEASING, HOST), true, UUID.randomUUID().toString());
		EventEnvelope envelope = envelope(release, 5, halted);
		double consumedBefore = consumed();

		broker.publish(envelope);
		broker.publish(envelope);

		UUID room = WarRooms.idFor(release.releaseId());
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> consumed() - consumedBefore >= 2);
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + room)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("War room: Acme Falcon Sensor 7.11.2"))
			.andExpect(jsonPath("$.labelCeiling").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.members.length()").value(2));
		for (String nonParticipant : List.of("outsider", "gov-liaison")) {
			this.mvc.perform(as(nonParticipant, get("/api/workspaces/" + room))).andExpect(status().isNotFound());
		}
		assertThat(this.mongo.count(new Query(where("_id").is(room)), Workspaces.COLLECTION)).isEqualTo(1);
		assertThat(about(source, release)).extracting(AuditEntry::action).containsExactly("release.halted");

		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.findById(room, Document.class, Workspaces.COLLECTION)
				.getList("_outbox", Document.class, List.of())
				.isEmpty());
		List<String> published = new ArrayList<>();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			publishedFor(room, published);
			return published.size() >= 3;
		});
		// and nothing more for the room arrives: the three stay three for a whole second
		Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
			publishedFor(room, published);
			return published.size() == 3;
		});
		assertThat(published).containsExactly("workspace.workspace.created", "workspace.membership.added",
				"workspace.membership.added");
	}

	@Test
	void givenOpenRoom_whenAnOwnerRemovesSomeoneFromTheReleasesWorkspace_thenTheyLeaveTheRoomThroughTheBroker()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		broker.publish(envelope(release, 5, halt(release, List.of(RELEASING, HOST), true, UUID.randomUUID().toString())));
		UUID room = WarRooms.idFor(release.releaseId());
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.workspaces.find(room).isPresent());
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + room))).andExpect(status().isOk());

		// workspace publishes the removal through its outbox and hears it back on its own queue
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + source + "/members/" + subjectOf("doc-colleague"))))
			.andExpect(status().isNoContent());

		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> !this.workspaces.find(room).orElseThrow().isMember(subjectOf("doc-colleague")));
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + room))).andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + room))).andExpect(status().isOk());
	}

	/** Adds the types of the events waiting on the test's queue that are about {@code workspace}. */
	private static void publishedFor(UUID workspace, List<String> types) {
		for (EventEnvelope event; (event = broker.receive(200)) != null;) {
			if (event.aggregateId().equals(workspace.toString())) {
				types.add(event.type());
			}
		}
	}

	/** Messages workspace's consumer has acknowledged after handling them. */
	private double consumed() {
		Counter counter = this.meters.find("parley.events.consumed").tag("queue", CONSUMER_QUEUE).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
