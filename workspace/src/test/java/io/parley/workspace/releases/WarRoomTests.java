package io.parley.workspace.releases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import io.parley.workspace.workspaces.Workspaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * War rooms and the audit entries of releases, with the embedded Mongo-wire server: who is in a war room, that a
 * halt heard twice (or by two instances at once) opens one room with one set of events, and that the trail follows
 * the release's label. People: {@code host-admin} (host, owner of every source workspace), {@code partner-engineer}
 * and {@code doc-colleague} (acme-security, the releasing organisation), {@code outsider} (other-vendor),
 * {@code gov-liaison} (gov-cert).
 */
class WarRoomTests extends ReleaseTest {

	private static final String CREATED = "workspace.workspace.created";

	private static final String ADDED = "workspace.membership.added";

	@Autowired
	Workspaces workspaces;

	@Autowired
	EventSubscription subscription;

	@Test
	void givenHaltAskingForAWarRoom_whenHandled_thenOneRoomOfTheParticipantsPeopleWhoMayReadTheRelease()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER", "outsider:CONTRIBUTOR",
				"gov-liaison:READER");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));

		this.events.on(halt, envelope(release, 5, halt));

		UUID id = WarRooms.idFor(release.releaseId());
		Workspace room = this.workspaces.find(id).orElseThrow();
		assertThat(room.name()).isEqualTo("War room: Acme Falcon Sensor 7.11.2");
		assertThat(room.purpose()).contains(release.releaseId().toString()).contains(REASON);
		assertThat(room.labelCeiling()).isEqualTo(TlpLabel.AMBER_STRICT);
		assertThat(room.organisations()).containsExactly(RELEASING, HOST);
		assertThat(room.members()).containsExactlyInAnyOrder(new Member(subjectOf("host-admin"), HOST, Role.OWNER),
				new Member(subjectOf("partner-engineer"), RELEASING, Role.CONTRIBUTOR),
				new Member(subjectOf("doc-colleague"), RELEASING, Role.CONTRIBUTOR));

		List<EventEnvelope> recorded = outbox(id);
		assertThat(recorded).extracting(EventEnvelope::type).containsExactly(CREATED, ADDED, ADDED, ADDED);
		recorded.forEach((event) -> EventSamples.assertMatchesSample(event, JSON));
		assertThat(text(recorded.get(0).data(), "labelCeiling")).isEqualTo("TLP:AMBER+STRICT");
		assertThat(text(recorded.get(0).data(), "name")).isEqualTo(room.name());
		assertThat(text(recorded.get(0).data(), "createdBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(recorded.subList(1, 4)).extracting((event) -> text(event.data(), "role"))
			.containsExactlyInAnyOrder("owner", "contributor", "contributor");

		List<AuditEntry> chain = chain(id);
		assertThat(chain).extracting(AuditEntry::action)
			.containsExactly("war-room.opened", "workspace.created", "membership.added", "membership.added",
					"membership.added");
		assertThat(chain.get(0).subject()).isEqualTo(release.releaseId().toString());
		assertThat(chain.get(0).actorId()).isEqualTo(subjectOf("partner-engineer"));
		assertThat(chain.get(0).details()).containsEntry("sourceWorkspaceId", source.toString())
			.containsEntry("reason", REASON)
			.containsEntry("ring", "1");
		assertThat(this.trail.verify(id).valid()).isTrue();

		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.myRole").value("CONTRIBUTOR"))
			.andExpect(jsonPath("$.labelCeiling").value("TLP:AMBER+STRICT"));
		for (String nonParticipant : List.of("outsider", "gov-liaison")) {
			this.mvc.perform(as(nonParticipant, get("/api/workspaces/" + id))).andExpect(status().isNotFound());
		}
	}

	@Test
	void givenHaltDeliveredTwice_whenHandledAgain_thenOneRoomOneSetOfEventsAndOneEntryPerChain() throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));
		EventEnvelope envelope = envelope(release, 5, halt);
		UUID id = WarRooms.idFor(release.releaseId());

		this.events.on(halt, envelope);
		List<AuditEntry> first = chain(id);
		this.events.on(halt, envelope);

		assertThat(this.mongo.count(new Query(where("_id").is(id)), Workspaces.COLLECTION)).isEqualTo(1);
		assertThat(outbox(id)).extracting(EventEnvelope::type).containsExactly(CREATED, ADDED, ADDED);
		assertThat(chain(id)).isEqualTo(first);
		assertThat(about(source, release)).extracting(AuditEntry::action).containsExactly("release.halted");
	}

	@Test
	void givenTwoInstancesGetTheSameHaltAtOnce_whenBothHandleIt_thenExactlyOneRoomAndOneSetOfEvents()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:CONTRIBUTOR");
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 8; round++) {
				ReleaseSummary release = release(source, "TLP:AMBER", List.of());
				ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));
				EventEnvelope envelope = envelope(release, 5, halt);
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<?>> deliveries = new ArrayList<>();
				for (int instance = 0; instance < 2; instance++) {
					deliveries.add(instances.submit(() -> {
						together.await();
						this.events.on(halt, envelope);
						return null;
					}));
				}
				for (Future<?> delivery : deliveries) {
					delivery.get(30, TimeUnit.SECONDS);
				}

				UUID id = WarRooms.idFor(release.releaseId());
				assertThat(this.mongo.count(new Query(where("_id").is(id)), Workspaces.COLLECTION)).isEqualTo(1);
				assertThat(outbox(id)).extracting(EventEnvelope::type).containsExactly(CREATED, ADDED, ADDED, ADDED);
				assertThat(chain(id)).extracting(AuditEntry::action)
					.containsExactly("war-room.opened", "workspace.created", "membership.added", "membership.added",
							"membership.added");
				assertThat(about(source, release)).hasSize(1);
			}
		}
		finally {
			instances.shutdownNow();
		}
	}

	@Test
	void givenAmberStrictReleaseOfOneOrganisation_whenHalted_thenPeopleOfOtherParticipantsAreNotInTheRoom()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER", "outsider:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER+STRICT", List.of());
		// an automatic halt: the reporter is a machine client, no member of anything
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST, organisationOf("outsider")), true,
				UUID.randomUUID().toString());

		this.events.on(halt, envelope(release, 5, halt));

		UUID id = WarRooms.idFor(release.releaseId());
		Workspace room = this.workspaces.find(id).orElseThrow();
		// no owner of the source workspace may read it, nor did a member halt it: the releasing organisation owns it
		assertThat(room.members()).containsExactlyInAnyOrder(
				new Member(subjectOf("partner-engineer"), RELEASING, Role.OWNER),
				new Member(subjectOf("doc-colleague"), RELEASING, Role.OWNER));
		assertThat(room.organisations()).containsExactly(RELEASING, HOST, organisationOf("outsider"));
		assertThat(outbox(id)).extracting((event) -> event.data().path("personId").asString(""))
			.doesNotContain(subjectOf("host-admin"), subjectOf("outsider"));
		for (String nonReader : List.of("host-admin", "outsider")) {
			this.mvc.perform(as(nonReader, get("/api/workspaces/" + id))).andExpect(status().isNotFound());
		}
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.myRole").value("OWNER"));
	}

	@Test
	void givenAmberStrictReleaseNamingTheHost_whenAPersonInTheRoomHaltedIt_thenTheHostIsInAndOwnersStayOwners()
			throws Exception {
		assertThat(roomAfterHaltBy("doc-colleague", List.of(HOST))).containsExactlyInAnyOrder(
				new Member(subjectOf("host-admin"), HOST, Role.OWNER),
				new Member(subjectOf("partner-engineer"), RELEASING, Role.CONTRIBUTOR),
				new Member(subjectOf("doc-colleague"), RELEASING, Role.CONTRIBUTOR));
	}

	@Test
	void givenNoOwnerMayReadIt_whenAPersonInTheRoomHaltedIt_thenTheyOwnTheRoom() throws Exception {
		assertThat(roomAfterHaltBy("doc-colleague", List.of())).containsExactlyInAnyOrder(
				new Member(subjectOf("partner-engineer"), RELEASING, Role.CONTRIBUTOR),
				new Member(subjectOf("doc-colleague"), RELEASING, Role.OWNER));
	}

	@Test
	void givenHaltNotAskingForAWarRoom_whenHandled_thenNoRoomButItsAuditEntry() throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), false, subjectOf("partner-engineer"));

		this.events.on(halt, envelope(release, 5, halt));

		assertThat(this.workspaces.find(WarRooms.idFor(release.releaseId()))).isEmpty();
		assertThat(about(source, release)).extracting(AuditEntry::action).containsExactly("release.halted");
	}

	@Test
	void givenOpenRoom_whenTheReleaseIsHaltedAgain_thenNoSecondRoomAndTheRoomHearsOfItOnce() throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted first = halt(release, List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));
		this.events.on(first, envelope(release, 5, first));
		ReleaseResumed resumed = new ReleaseResumed(release, 1, List.of(RELEASING, HOST), subjectOf("host-admin"));
		this.events.on(resumed, envelope(release, 6, resumed));
		ReleaseHalted again = new ReleaseHalted(release, 1, "Crash rate 9.1 per mille exceeds the gate of 2.0",
				true, List.of(), List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));
		EventEnvelope againEnvelope = envelope(release, 7, again);

		this.events.on(again, againEnvelope);
		this.events.on(again, againEnvelope);

		UUID id = WarRooms.idFor(release.releaseId());
		assertThat(outbox(id)).extracting(EventEnvelope::type).containsExactly(CREATED, ADDED, ADDED);
		List<AuditEntry> room = chain(id);
		assertThat(room).extracting(AuditEntry::action)
			.containsExactly("war-room.opened", "workspace.created", "membership.added", "membership.added",
					"release.resumed", "release.halted");
		assertThat(room.get(5).details()).containsEntry("reason", "Crash rate 9.1 per mille exceeds the gate of 2.0");
		assertThat(about(source, release)).extracting(AuditEntry::action)
			.containsExactly("release.halted", "release.resumed", "release.halted");
	}

	@Test
	void givenAmberStrictRelease_whenAnOwnerOutsideItsAudienceReadsTheAudit_thenItsEntriesAreRedacted()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:OWNER");
		ReleaseSummary release = release(source, "TLP:AMBER+STRICT", List.of());
		ReleaseDeclared declared = new ReleaseDeclared(release, 3, subjectOf("partner-engineer"));
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), false, subjectOf("partner-engineer"));
		EventEnvelope declaredEnvelope = envelope(release, 1, declared);
		EventEnvelope haltEnvelope = envelope(release, 5, halt);
		for (int delivery = 0; delivery < 2; delivery++) {
			this.events.on(declared, declaredEnvelope);
			this.events.on(halt, haltEnvelope);
		}
		assertThat(about(source, release)).extracting(AuditEntry::action)
			.containsExactly("release.declared", "release.halted");
		String id = release.releaseId().toString();
		String page = "/api/workspaces/" + source + "/audit?size=500";

		// host-admin owns the workspace but is of the host, outside the AMBER+STRICT audience of acme-security
		String owners = read("host-admin", page);
		assertThat(owners).doesNotContain(id)
			.doesNotContain("release.declared")
			.doesNotContain("release.halted")
			.doesNotContain(REASON)
			.contains("\"action\":\"redacted\"")
			.contains("membership.added");
		assertThat(read("host-admin", "/api/workspaces/" + source + "/audit/export")).doesNotContain(id)
			.doesNotContain(REASON);
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + source + "/audit/verify")))
			.andExpect(jsonPath("$.valid").value(true));

		for (String whole : List.of("partner-engineer", "auditor")) {
			assertThat(read(whole, page)).as(whole).contains(id).contains("release.halted").contains(REASON);
		}
	}

	@Test
	void givenAmberStrictReleaseNamingTheHost_whenTheHostsOwnerReadsTheAudit_thenItIsWhole() throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER+STRICT", List.of(HOST));
		ReleaseDeclared declared = new ReleaseDeclared(release, 3, subjectOf("partner-engineer"));

		this.events.on(declared, envelope(release, 1, declared));

		assertThat(read("host-admin", "/api/workspaces/" + source + "/audit?size=500"))
			.contains(release.releaseId().toString())
			.contains("release.declared");
	}

	@Test
	void givenWarRoomOwnerWhoMayNotReadTheRelease_whenReadingTheRoomsAudit_thenItsReleaseEntriesAreRedacted()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseHalted halt = halt(release, List.of(RELEASING, HOST), true, subjectOf("partner-engineer"));
		this.events.on(halt, envelope(release, 5, halt));
		UUID room = WarRooms.idFor(release.releaseId());
		// the room's owner adds someone of another organisation, who was never in the release's workspace
		known("outsider");
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + room + "/members"),
				Map.of("personId", subjectOf("outsider"), "role", "OWNER"))))
			.andExpect(status().isCreated());
		String page = "/api/workspaces/" + room + "/audit?size=500";

		assertThat(read("outsider", page)).doesNotContain(release.releaseId().toString())
			.doesNotContain("war-room.opened")
			.doesNotContain(REASON)
			.contains("\"action\":\"redacted\"")
			.contains("workspace.created");
		assertThat(read("host-admin", page)).contains("war-room.opened").contains(REASON);
	}

	@Test
	void givenOpenRoom_whenSomeoneIsRemovedFromTheReleasesWorkspace_thenTheyLeaveTheRoomOnceEvenIfHeardTwice()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER");
		UUID room = openRoom(source, "TLP:AMBER", List.of(RELEASING, HOST));
		int roomEvents = outbox(room).size();

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + source + "/members/" + subjectOf("doc-colleague"))))
			.andExpect(status().isNoContent());
		EventEnvelope removal = last(outbox(source));
		deliver(removal);
		List<AuditEntry> once = chain(room);
		deliver(removal);

		assertThat(this.workspaces.find(room).orElseThrow().members()).extracting(Member::personId)
			.containsExactlyInAnyOrder(subjectOf("host-admin"), subjectOf("partner-engineer"));
		assertThat(outbox(room)).hasSize(roomEvents + 1);
		EventEnvelope left = last(outbox(room));
		assertThat(left.type()).isEqualTo("workspace.membership.removed");
		assertThat(text(left.data(), "personId")).isEqualTo(subjectOf("doc-colleague"));
		EventSamples.assertMatchesSample(left, JSON);
		assertThat(chain(room)).isEqualTo(once);
		assertThat(last(once).action()).isEqualTo("membership.removed");
		assertThat(last(once).actorId()).isEqualTo("system");
		assertThat(last(once).details()).containsEntry("reason", "left-release-workspace");
		assertThat(this.trail.verify(room).valid()).isTrue();
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + room))).andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + room))).andExpect(status().isOk());
	}

	@Test
	void givenOpenRoom_whenAnOrganisationLeavesTheReleasesWorkspace_thenItAndItsPeopleLeaveTheRoom()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "outsider:CONTRIBUTOR");
		String other = organisationOf("outsider");
		UUID room = openRoom(source, "TLP:AMBER", List.of(RELEASING, HOST, other));
		assertThat(this.workspaces.find(room).orElseThrow().organisations()).contains(other);

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + source + "/organisations/" + other)))
			.andExpect(status().isNoContent());
		deliver(last(outbox(source)));

		Workspace after = this.workspaces.find(room).orElseThrow();
		assertThat(after.organisations()).containsExactly(RELEASING, HOST);
		assertThat(after.members()).extracting(Member::personId).doesNotContain(subjectOf("outsider"));
		assertThat(chain(room)).extracting(AuditEntry::action).endsWith("organisation.removed", "membership.removed");
		this.mvc.perform(as("outsider", get("/api/workspaces/" + room))).andExpect(status().isNotFound());
	}

	@Test
	void givenOpenRoom_whenAMemberIsOffboarded_thenTheyLeaveTheRoomAndTheSourcesRemovalChangesNothingMore()
			throws Exception {
		// someone without a token fixture, so that no other test meets them offboarded
		UUID leaver = UUID.randomUUID();
		known(leaver, RELEASING);
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + source + "/members"),
				Map.of("personId", leaver.toString(), "role", "CONTRIBUTOR"))))
			.andExpect(status().isCreated());
		UUID room = openRoom(source, "TLP:AMBER", List.of(RELEASING, HOST));
		assertThat(this.workspaces.find(room).orElseThrow().isMember(leaver.toString())).isTrue();

		deliver(new EventEnvelope(UUID.randomUUID(), "identity.member.offboarded",
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "identity", leaver.toString(), 2,
				JSON.valueToTree(new MemberOffboarded(leaver, RELEASING, UUID.fromString(subjectOf("host-admin"))))));
		int roomEvents = outbox(room).size();
		deliver(last(outbox(source)));

		assertThat(this.workspaces.find(room).orElseThrow().isMember(leaver.toString())).isFalse();
		assertThat(outbox(room)).hasSize(roomEvents);
		assertThat(last(chain(room)).details()).containsEntry("reason", "offboarded");
	}

	@Test
	void givenSomeoneBackInTheReleasesWorkspace_whenTheirOldRemovalArrivesLate_thenTheRoomIsLeftAlone()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER");
		UUID room = openRoom(source, "TLP:AMBER", List.of(RELEASING, HOST));
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + source + "/members/" + subjectOf("doc-colleague"))))
			.andExpect(status().isNoContent());
		EventEnvelope removal = last(outbox(source));
		addMember(source, "doc-colleague", "READER");
		int roomEvents = outbox(room).size();

		deliver(removal);

		assertThat(this.workspaces.find(room).orElseThrow().isMember(subjectOf("doc-colleague"))).isTrue();
		assertThat(outbox(room)).hasSize(roomEvents);
	}

	@Test
	void givenOpenRoom_whenTheReleaseIsResumedAndRolledBack_thenBothAreCopiedIntoTheRoomsChainOnce()
			throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		UUID room = openRoom(release, List.of(RELEASING, HOST));
		ReleaseResumed resumed = new ReleaseResumed(release, 1, List.of(RELEASING, HOST), subjectOf("host-admin"));
		ReleaseRolledBack rolledBack = new ReleaseRolledBack(release, 1, "Memory leak found in the field",
				subjectOf("partner-engineer"));
		EventEnvelope resumedEnvelope = envelope(release, 6, resumed);
		EventEnvelope rolledBackEnvelope = envelope(release, 7, rolledBack);

		for (int delivery = 0; delivery < 2; delivery++) {
			deliver(resumedEnvelope);
			deliver(rolledBackEnvelope);
		}

		List<AuditEntry> entries = about(room, release);
		assertThat(entries).extracting(AuditEntry::action)
			.containsExactly("war-room.opened", "release.resumed", "release.rolled-back");
		assertThat(entries.get(1).details()).containsEntry("agreedBy", RELEASING + ", " + HOST);
		assertThat(entries.get(1).actorId()).isEqualTo(subjectOf("host-admin"));
		assertThat(entries.get(2).details()).containsEntry("reason", "Memory leak found in the field");
		assertThat(about(source, release)).extracting(AuditEntry::action)
			.containsExactly("release.halted", "release.resumed", "release.rolled-back");
		assertThat(this.trail.verify(room).valid()).isTrue();
	}

	@Test
	void givenNoRoom_whenTheReleaseIsResumed_thenNoRoomIsOpenedAndOnlyTheSourceHearsOfIt() throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR");
		ReleaseSummary release = release(source, "TLP:AMBER", List.of());
		ReleaseResumed resumed = new ReleaseResumed(release, 1, List.of(RELEASING, HOST), subjectOf("host-admin"));

		deliver(envelope(release, 6, resumed));

		assertThat(this.workspaces.find(WarRooms.idFor(release.releaseId()))).isEmpty();
		assertThat(about(source, release)).extracting(AuditEntry::action).containsExactly("release.resumed");
	}

	/** A release of {@code source} under {@code label}, halted by partner-engineer, asking for a war room: the room's id. */
	private UUID openRoom(UUID source, String label, List<String> participants) throws Exception {
		return openRoom(release(source, label, List.of()), participants);
	}

	/** The room of this release, halted by partner-engineer, asking for a war room. */
	private UUID openRoom(ReleaseSummary release, List<String> participants) throws Exception {
		ReleaseHalted halt = halt(release, participants, true, subjectOf("partner-engineer"));
		this.events.on(halt, envelope(release, 5, halt));
		UUID room = WarRooms.idFor(release.releaseId());
		assertThat(this.workspaces.find(room)).isPresent();
		return room;
	}

	/** Hands the event to the handler workspace's subscription binds for it, as the consumer would. */
	private void deliver(EventEnvelope envelope) throws Exception {
		EventSamples.deliver(this.subscription, envelope, JSON);
	}

	private static <T> T last(List<T> list) {
		return list.get(list.size() - 1);
	}

	/**
	 * The members of the war room of a TLP:AMBER+STRICT release naming these organisations, halted by hand by
	 * {@code fixture} in a workspace of {@code host-admin} (owner), {@code partner-engineer} and {@code doc-colleague}.
	 */
	private List<Member> roomAfterHaltBy(String fixture, List<String> namedOrganisations) throws Exception {
		UUID source = workspaceWith("partner-engineer:CONTRIBUTOR", "doc-colleague:READER");
		ReleaseSummary release = release(source, "TLP:AMBER+STRICT", namedOrganisations);
		ReleaseHalted byHand = new ReleaseHalted(release, 0, "Driver fails to load", false, List.of(),
				List.of(RELEASING, HOST), true, subjectOf(fixture));
		this.events.on(byHand, envelope(release, 4, byHand));
		return this.workspaces.find(WarRooms.idFor(release.releaseId())).orElseThrow().members();
	}

	private String read(String fixture, String path) throws Exception {
		return this.mvc.perform(as(fixture, get(path)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
