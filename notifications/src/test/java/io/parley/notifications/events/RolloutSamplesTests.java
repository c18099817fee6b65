package io.parley.notifications.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.directory.Directory.Member;
import io.parley.notifications.preferences.NoticeType;
import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.EventTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The consumer side of every {@code rollouts.release.*} contract: each sample in platform's test-jar is bound by
 * notifications' subscription, reads into its class without losing a field, and — handed to {@link RolloutNotices}
 * in a workspace whose people the sample names — tells exactly the people issue 20's rules name, with product,
 * version and the release's link. Runs without broker or database; the broker is {@code RolloutNoticesIntegrationTests}.
 */
class RolloutSamplesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final UUID WORKSPACE = UUID.fromString("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");

	private static final String LINK = "/#/rollouts/releases/e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b";

	// the people the samples name: the declarer (and actor) of acme-security and the os-vendor person who said no-go
	private static final String DECLARER = "7c6b5a49-3827-4160-a5b4-c3d2e1f0a9b8";

	private static final String HOST_SIGNER = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";

	private static final String COLLEAGUE = "acme-colleague";

	private static final String OTHER_VENDOR = "other-vendor-engineer";

	private static final String LIAISON = "gov-liaison";

	private static final List<Member> MEMBERS = List.of(new Member(DECLARER, "acme-security", "owner"),
			new Member(COLLEAGUE, "acme-security", "contributor"), new Member(HOST_SIGNER, "os-vendor", "owner"),
			new Member(OTHER_VENDOR, "other-vendor", "contributor"), new Member(LIAISON, "gov-cert", "reader"));

	private final List<Told> told = new ArrayList<>();

	@Test
	void givenEveryRolloutsSample_whenNotificationsSubscribes_thenEachIsBoundAndReadWithoutLoss() {
		EventSubscription subscription = subscription();
		List<String> rollouts = rolloutTypes();

		assertThat(rollouts).as("rollouts contracts with a sample").hasSize(9);
		assertThat(subscription.boundTypes().keySet()).containsAll(rollouts);
		EventSamples.assertConsumerReadsEverySample(subscription, JSON);
	}

	@Test
	void givenEveryRolloutsSample_whenHandled_thenTheRightReadersHearWithProductVersionAndLink() throws Exception {
		assertThat(rolloutTypes()).containsExactlyInAnyOrder("rollouts.release.declared", "rollouts.release.scheduled",
				"rollouts.release.ring-started", "rollouts.release.signed-off", "rollouts.release.halted",
				"rollouts.release.resumed", "rollouts.release.rolled-back", "rollouts.release.completed",
				"rollouts.release.cancelled");
		Set<String> everyoneButTheActor = Set.of(COLLEAGUE, HOST_SIGNER, OTHER_VENDOR, LIAISON);

		assertThat(handle("rollouts.release.declared")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_DECLARED, everyoneButTheActor,
					"was declared by acme-security with 3 rings"));
		// a calendar conflict is for the host's people only
		assertThat(handle("rollouts.release.scheduled")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_SCHEDULED, Set.of(HOST_SIGNER),
					"needs the host's calendar approval: 2026-03-10 is in the freeze window 'Patch Tuesday'"));
		// the sign-off organisations' people are asked; everyone else hears the ring started; never the actor
		assertThat(handle("rollouts.release.ring-started")).satisfiesExactly(
				(asked) -> asked.is(NoticeType.SIGN_OFF_REQUESTED, Set.of(COLLEAGUE, HOST_SIGNER),
						"go or no-go is requested: Acme Falcon Sensor 7.11.2 entered ring 1 (canary)"),
				(started) -> started.is(NoticeType.RING_STARTED, Set.of(OTHER_VENDOR, LIAISON),
						"Acme Falcon Sensor 7.11.2 entered ring 1 (canary)"));
		assertThat(handle("rollouts.release.signed-off")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.SIGN_OFF_REFUSED,
					Set.of(DECLARER, COLLEAGUE, OTHER_VENDOR, LIAISON), "os-vendor said no-go to Acme Falcon Sensor 7.11.2 leaving ring 1: Boot telemetry"));
		// participants acme-security and os-vendor: their readers, the declarer too; the government observer who
		// reads it; not the other vendor, who takes no part
		assertThat(handle("rollouts.release.halted")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_HALTED,
					Set.of(DECLARER, COLLEAGUE, HOST_SIGNER, LIAISON),
					"Stop the line: Acme Falcon Sensor 7.11.2 was halted in ring 2 by a breached health gate: "
							+ "Boot-failure rate 4.2 per mille exceeds the gate of 1.0"));
		assertThat(handle("rollouts.release.resumed")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_RESUMED, everyoneButTheActor,
					"resumed in ring 2, agreed by acme-security and os-vendor"));
		assertThat(handle("rollouts.release.rolled-back")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_ROLLED_BACK, everyoneButTheActor,
					"rolled back from ring 2: Driver fails to load on older firmware"));
		assertThat(handle("rollouts.release.completed")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_COMPLETED, everyoneButTheActor, "completed its rollout"));
		assertThat(handle("rollouts.release.cancelled")).singleElement()
			.satisfies((notice) -> notice.is(NoticeType.RELEASE_CANCELLED, everyoneButTheActor,
					"was cancelled: Superseded by 7.11.3"));
	}

	@Test
	void givenTheHaltSampleWithoutParticipants_whenHandled_thenEveryReaderHearsIt() throws Exception {
		EventEnvelope sample = EventSamples.envelope("rollouts.release.halted");
		ObjectNode data = (ObjectNode) sample.data().deepCopy();
		data.putArray("participants");

		List<Told> notices = handle(new EventEnvelope(sample.id(), sample.type(), sample.occurredAt(),
				sample.producer(), sample.aggregateId(), sample.aggregateVersion(), data));

		assertThat(notices).singleElement()
			.satisfies((notice) -> assertThat(notice.recipients()).containsExactlyInAnyOrder(DECLARER, COLLEAGUE,
					HOST_SIGNER, OTHER_VENDOR, LIAISON));
	}

	@Test
	void givenTheHaltSampleUnderAmberStrictOfAnotherOrganisation_whenHandled_thenOnlyItsAudienceAmongParticipants()
			throws Exception {
		EventEnvelope sample = EventSamples.envelope("rollouts.release.halted");
		ObjectNode data = (ObjectNode) sample.data().deepCopy();
		((ObjectNode) data.get("release")).put("label", "TLP:AMBER+STRICT");

		List<Told> notices = handle(new EventEnvelope(sample.id(), sample.type(), sample.occurredAt(),
				sample.producer(), sample.aggregateId(), sample.aggregateVersion(), data));

		// os-vendor participates, but AMBER+STRICT of acme-security names no organisation: its person may not read it
		assertThat(notices).singleElement()
			.satisfies((notice) -> assertThat(notice.recipients()).containsExactlyInAnyOrder(DECLARER, COLLEAGUE));
	}

	// ---- the handlers, with a directory of MEMBERS and a delivery that only records

	private List<Told> handle(String type) throws Exception {
		return handle(EventSamples.envelope(type));
	}

	private List<Told> handle(EventEnvelope envelope) throws Exception {
		this.told.clear();
		Class<?> eventClass = EventTypes.contracts().get(envelope.type());
		Object event = JSON.treeToValue(envelope.data(), eventClass);
		Method on = RolloutNotices.class.getDeclaredMethod("on", eventClass, EventEnvelope.class);
		try {
			on.invoke(notices(), event, envelope);
		}
		catch (InvocationTargetException ex) {
			throw (Exception) ex.getCause();
		}
		return List.copyOf(this.told);
	}

	private RolloutNotices notices() {
		Directory directory = mock(Directory.class);
		when(directory.membersOf(WORKSPACE)).thenReturn(MEMBERS);
		when(directory.ofOrganisationType(anyCollection(), eq("HOST"))).thenAnswer((call) -> {
			Collection<?> people = call.getArgument(0);
			return people.contains(HOST_SIGNER) ? Set.of(HOST_SIGNER) : Set.of();
		});
		when(directory.ofOrganisationType(anyCollection(), eq("GOVERNMENT"))).thenAnswer((call) -> {
			Collection<?> people = call.getArgument(0);
			return people.contains(LIAISON) ? new java.util.LinkedHashSet<>(Set.of(LIAISON)) : new java.util.LinkedHashSet<>();
		});
		Deliveries recording = new Deliveries(null, null, null, null, null, null) {
			@Override
			void deliver(EventEnvelope event, Notice notice, Collection<String> recipients) {
				if (!recipients.isEmpty()) {
					RolloutSamplesTests.this.told.add(new Told(notice, Set.copyOf(recipients)));
				}
			}
		};
		return new RolloutNotices(directory, recording, mock(io.parley.notifications.webhooks.Webhooks.class));
	}

	private static EventSubscription subscription() {
		NotificationsProperties properties = mock(NotificationsProperties.class);
		when(properties.eventsQueue()).thenReturn("rollout-samples");
		return new NotificationEvents().notificationsEventSubscription(properties, mock(WhoHears.class),
				mock(RolloutNotices.class), mock(AccessEnds.class));
	}

	private static List<String> rolloutTypes() {
		return EventSamples.all().keySet().stream().filter((type) -> type.startsWith("rollouts.release.")).toList();
	}

	record Told(Notice notice, Set<String> recipients) {

		void is(NoticeType type, Set<String> expectedRecipients, String titlePart) {
			assertThat(this.notice.type()).isEqualTo(type);
			assertThat(this.recipients).as("who hears %s", type).containsExactlyInAnyOrderElementsOf(expectedRecipients);
			assertThat(this.notice.title()).contains(titlePart).contains("Acme Falcon Sensor 7.11.2");
			assertThat(this.notice.label()).isEqualTo("TLP:AMBER");
			assertThat(this.notice.link()).isEqualTo(LINK);
		}

	}

}
