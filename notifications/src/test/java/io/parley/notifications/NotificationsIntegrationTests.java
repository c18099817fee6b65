package io.parley.notifications;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifications.TestInfrastructure.Person;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.directory.DocumentAudience;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.mail.DigestJob;
import io.parley.notifications.mail.Mailer;
import io.parley.notifications.preferences.Preferences;
import io.parley.notifications.push.PushFanout;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.AccessExpiring;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.AcknowledgementOverdue;
import io.parley.platform.events.contract.AcknowledgementRequested;
import io.parley.platform.events.contract.AnnouncementPosted;
import io.parley.platform.events.contract.CommentPosted;
import io.parley.platform.events.contract.DocumentDeleted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static io.parley.notifications.Instances.HTTP;
import static io.parley.notifications.Instances.JSON;
import static io.parley.notifications.Instances.await;
import static io.parley.notifications.Instances.call;
import static io.parley.notifications.Instances.join;
import static io.parley.notifications.Instances.mailsTo;
import static io.parley.notifications.Instances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Two notifications instances at once, on different ports, consuming one durable queue of their own on the real
 * RabbitMQ, with the embedded Mongo-wire server and GreenMail: events published on {@code parley.events} as
 * workspace and identity publish them become inbox entries, pushes and mails for exactly the right people.
 */
class NotificationsIntegrationTests {

	private static final String QUEUE = "notifications-it-" + UUID.randomUUID();

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startTwoInstances() {
		a = Instances.start(QUEUE);
		b = Instances.start(QUEUE);
	}

	@AfterAll
	static void stop() {
		Instances.stop(QUEUE, b, a);
	}

	@Test
	void givenWorkspaceMembers_whenVersionsOfEachLabelArrive_thenOnlyTheirAudienceHearsByTheirChannels()
			throws Exception {
		Person owner = Person.of("host", "HOST");
		Person uploader = Person.of("acme-security", "VENDOR");
		Person colleague = Person.of("acme-security", "VENDOR");
		Person liaison = Person.of("gov-cert", "GOVERNMENT");
		Person digester = Person.of("acme-security", "VENDOR");
		Person silent = Person.of("acme-security", "VENDOR");
		UUID workspace = workspaceWith(owner, uploader, colleague, liaison, digester, silent);
		choose(digester, null, Map.of("workspace.document.version-added", "DIGEST"));
		choose(silent, null, Map.of("workspace.document.version-added", "OFF"));

		String redTitle = "Red secret " + UUID.randomUUID();
		UUID red = version(workspace, uploader, "TLP:RED", redTitle, List.of(liaison.id()), List.of());
		UUID strict = version(workspace, uploader, "TLP:AMBER+STRICT", "Strict " + UUID.randomUUID(), List.of(),
				List.of("gov-cert"));
		String greenTitle = "Green note " + UUID.randomUUID();
		UUID green = version(workspace, uploader, "TLP:GREEN", greenTitle, List.of(), List.of());

		await().until(() -> versionEntries(liaison, red).size() == 1);
		await().until(() -> versionEntries(digester, strict).size() == 1 && versionEntries(colleague, strict).size() == 1
				&& versionEntries(liaison, strict).size() == 1);
		await().until(() -> versionEntries(owner, green).size() == 1 && versionEntries(colleague, green).size() == 1
				&& versionEntries(liaison, green).size() == 1 && versionEntries(digester, green).size() == 1);

		// RED: the named person only; AMBER+STRICT: the uploader's organisation and the named one, not the host
		for (Person excluded : List.of(owner, colleague, digester, silent, uploader)) {
			assertThat(versionEntries(excluded, red)).as("RED entries of %s", excluded.name()).isEmpty();
		}
		assertThat(versionEntries(owner, strict)).isEmpty();
		// never the uploader, nobody who switched the notice off
		for (UUID document : List.of(strict, green)) {
			assertThat(versionEntries(uploader, document)).isEmpty();
			assertThat(versionEntries(silent, document)).isEmpty();
		}

		// the RED mail: one, with the label and a link, without the title
		await().until(() -> mailsAbout(liaison, red).size() == 1);
		String redMail = mailsAbout(liaison, red).get(0);
		assertThat(redMail).contains("TLP:RED").doesNotContain(redTitle);
		// GREEN: the title may leave the portal
		await().until(() -> mailsAbout(owner, green).size() == 1);
		assertThat(mailsAbout(owner, green).get(0)).contains(greenTitle);
		// DIGEST: in the inbox, no mail now
		assertThat(mailsAbout(digester, green)).isEmpty();
		assertThat(mailsAbout(silent, green)).isEmpty();
	}

	@Test
	void givenSameEventDeliveredTwice_whenConsumed_thenOneEntryAndOneMail() throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		join(person);
		await().until(() -> a.getBean(Directory.class).person(person.id().toString()).isPresent());
		EventEnvelope expiring = TestInfrastructure.envelope(new AccessExpiring(person.id(), person.organisation(), null,
				Instant.now().plus(Duration.ofDays(14))));
		double consumed = consumed();

		TestInfrastructure.publish(expiring);
		TestInfrastructure.publish(expiring);

		await().until(() -> consumed() >= consumed + 2);
		await().until(() -> mailsTo(person).size() == 1);
		assertThat(entries(person, "identity.member.access-expiring")).hasSize(1);
		assertThat(mailsTo(person)).hasSize(1);
		// the second delivery counted its entry too, then gave the count back when the insert collided
		assertThat(a.getBean(Entries.class).unread(person.id().toString())).isEqualTo(1);
	}

	@Test
	void givenStreamsOnBothInstances_whenOnlyOneConsumes_thenEachClientGetsItsPush() throws Exception {
		Person onA = Person.of("acme-security", "VENDOR");
		Person onB = Person.of("gov-cert", "GOVERNMENT");
		SimpleMessageListenerContainer consumerOfB = b.getBean("parleyEventListenerContainer",
				SimpleMessageListenerContainer.class);
		consumerOfB.stop(); // every event is now applied by A; B's client can only hear of it through the fanout
		try (SseClient clientOfA = SseClient.connect(port(a), TestInfrastructure.token(onA, "sa"), null);
				SseClient clientOfB = SseClient.connect(port(b), TestInfrastructure.token(onB, "sb"), null)) {
			await().until(() -> !clientOfA.events().isEmpty() && !clientOfB.events().isEmpty());

			expiring(onA);
			expiring(onB);

			await().until(() -> clientOfA.notifications().size() == 1 && clientOfB.notifications().size() == 1);
			assertThat(clientOfB.notifications().get(0).data()).contains("identity.member.access-expiring");
			assertThat(clientOfB.events()).anyMatch((event) -> event.name().equals("unread")
					&& event.data().contains("\"unread\":1"));
		}
		finally {
			consumerOfB.start();
		}
	}

	@Test
	void givenTwoNotices_whenOneThenAllAreReadOnEitherInstance_thenStreamsAndApiFollowTheKeptUnreadCount() throws Exception {
		Person made = Person.of("acme-security", "VENDOR");
		// a name beyond ASCII: pushes are written as encoded bytes
		Person person = new Person(made.id(), "Zoë Müller-Łukasz", made.email(), made.organisation(),
				made.organisationType());
		join(person);
		await().until(() -> a.getBean(Directory.class).person(person.id().toString()).isPresent());
		String token = TestInfrastructure.token(person, "counts");
		try (SseClient client = SseClient.connect(port(a), token, null)) {
			await().until(() -> lastUnread(client) == 0);
			expiring(person);
			expiring(person);
			// the two events may be applied by both instances at once and their pushes overtake each other: the
			// second count is 2 whichever arrives last
			await().until(() -> client.notifications().size() == 2 && unreadCounts(client).contains(2L));
			assertThat(client.notifications().get(0).data()).contains("Zoë Müller-Łukasz");

			String first = String.valueOf(entries(person, "identity.member.access-expiring").get(0).get("_id"));
			HttpResponse<String> read = HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port(b) + "/api/notifications/" + first + "/read"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).isEqualTo(204);

			await().until(() -> lastUnread(client) == 1);
			HttpResponse<String> count = HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port(a) + "/api/notifications/unread-count"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(count.body()).contains("\"unread\":1");
		}
		try (SseClient again = SseClient.connect(port(b), token, null)) {
			await().until(() -> !again.events().isEmpty());
			assertThat(lastUnread(again)).isEqualTo(1);

			HttpResponse<String> readAll = HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port(a) + "/api/notifications/read-all"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(readAll.statusCode()).isEqualTo(204);
			await().until(() -> lastUnread(again) == 0);
		}
	}

	@Test
	void givenOneEntryOfAnEventStored_whenInsertingAllItsEntries_thenOnlyTheOthersGoInAndTheCollisionIsNamed() {
		Entries entries = a.getBean(Entries.class);
		UUID event = UUID.randomUUID();
		Notification stored = entryOf(event, "early-" + UUID.randomUUID());
		Notification other = entryOf(event, "late-" + UUID.randomUUID());
		assertThat(entries.insertAll(List.of(stored))).isEmpty();

		assertThat(entries.insertAll(List.of(stored, other))).containsExactly(stored.id());

		assertThat(a.getBean(MongoTemplate.class)
			.count(new Query(where("eventId").is(event)), Notification.class)).isEqualTo(2);
	}

	@Test
	void givenClientThatWasAway_whenReconnectingWithLastEventId_thenReceivesWhatItMissedOnly() throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		String seen;
		try (SseClient first = SseClient.connect(port(a), TestInfrastructure.token(person, "s1"), null)) {
			await().until(() -> !first.events().isEmpty());
			expiring(person);
			await().until(() -> first.notifications().size() == 1);
			seen = first.lastEventId();
		}
		EventEnvelope missed = expiring(person);
		await().until(() -> entries(person, "identity.member.access-expiring").size() == 2);

		try (SseClient again = SseClient.connect(port(b), TestInfrastructure.token(person, "s1"), seen)) {
			await().until(() -> again.notifications().size() == 1);
			SseClient.Event replayed = again.notifications().get(0);
			assertThat(Long.parseLong(replayed.id())).isGreaterThan(Long.parseLong(seen));
			String missedId = entries(person, "identity.member.access-expiring").stream()
				.filter((entry) -> missed.id().toString().equals(String.valueOf(entry.get("eventId"))))
				.map((entry) -> String.valueOf(entry.get("_id")))
				.findFirst()
				.orElseThrow();
			assertThat(replayed.data()).contains(missedId);
		}
	}

	/**
	 * Issue 19's lost notice: two deliveries for one person take positions 1 and 2 (one {@code findAndModify} each),
	 * the one with 2 stores and pushes first, the stream sees 2 and breaks; 1 is stored while no stream is open.
	 * The reconnect names the last id seen; the replay must still bring 1.
	 */
	@Test
	void givenTwoDeliveriesForOnePerson_whenTheLowerPositionIsStoredAfterTheStreamSawTheHigher_thenTheReconnectReplaysIt()
			throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		String token = TestInfrastructure.token(person, "gap");
		Entries entries = a.getBean(Entries.class);
		String seen;
		Entries.Position lower;
		Notification delayed;
		try (SseClient first = SseClient.connect(port(a), token, null)) {
			await().until(() -> lastUnread(first) == 0);
			lower = entries.next(person.id().toString());
			Entries.Position higher = entries.next(person.id().toString());
			delayed = entryAt(person, lower);
			storedAndPushed(entryAt(person, higher), higher);
			await().until(() -> first.notifications().size() == 1);
			seen = first.lastEventId();
		}
		storedAndPushed(delayed, lower);

		try (SseClient again = SseClient.connect(port(a), token, seen)) {
			await().until(() -> lastUnread(again) >= 0);
			assertThat(again.notifications()).singleElement()
				.satisfies((event) -> assertThat(event.data()).contains(delayed.id().toString()));
		}
	}

	/**
	 * Entries stored in order, but their pushes overtake each other (one instance pushes to its own streams at once,
	 * the other's push crosses the broker): the stream sees 2, breaks, and 1's push finds no stream.
	 */
	@Test
	void givenTwoEntriesStoredInOrder_whenTheHigherIsPushedFirstAndTheStreamBreaksBeforeTheLower_thenTheReconnectReplaysIt()
			throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		String token = TestInfrastructure.token(person, "overtaken");
		Entries entries = a.getBean(Entries.class);
		String seen;
		Entries.Position lower;
		Notification overtaken;
		try (SseClient first = SseClient.connect(port(a), token, null)) {
			await().until(() -> lastUnread(first) == 0);
			lower = entries.next(person.id().toString());
			overtaken = entryAt(person, lower);
			stored(overtaken);
			Entries.Position higher = entries.next(person.id().toString());
			storedAndPushed(entryAt(person, higher), higher);
			// the stream breaks right after the higher one (or the heartbeat would ask the inbox for the lower)
			await().until(() -> !first.notifications().isEmpty());
			seen = first.notifications().get(0).id();
		}
		pushed(overtaken, lower);

		try (SseClient again = SseClient.connect(port(a), token, seen)) {
			await().until(() -> lastUnread(again) >= 0);
			assertThat(again.notifications()).singleElement()
				.satisfies((event) -> assertThat(event.data()).contains(overtaken.id().toString()));
		}
	}

	/**
	 * An instance stored an entry and died before pushing it; the event's redelivery collides and pushes nothing.
	 * The next entry's push shows the open stream the gap, and the stream asks the inbox for it.
	 */
	@Test
	void givenAStoredEntryWhosePushNeverCame_whenALaterPushShowsTheGap_thenTheOpenStreamGetsItOnceWithoutReconnecting()
			throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		Entries entries = a.getBean(Entries.class);
		try (SseClient client = SseClient.connect(port(a), TestInfrastructure.token(person, "live"), null)) {
			await().until(() -> lastUnread(client) == 0);
			Notification unpushed = entryAt(person, entries.next(person.id().toString()));
			stored(unpushed);
			Entries.Position later = entries.next(person.id().toString());
			Notification next = entryAt(person, later);
			storedAndPushed(next, later);

			await().until(() -> client.notifications().size() == 2);
			assertThat(client.notifications().get(1).data()).contains(unpushed.id().toString());
			// a reconnect now has nothing left to replay
			String seen = client.lastEventId();
			try (SseClient again = SseClient.connect(port(b), TestInfrastructure.token(person, "live"), seen)) {
				await().until(() -> lastUnread(again) >= 0);
				assertThat(again.notifications()).isEmpty();
			}
		}
	}

	@Test
	void givenOpenStream_whenSameSessionOpensAnotherOnTheOtherInstance_thenTheFirstEnds() throws Exception {
		Person person = Person.of("acme-security", "VENDOR");
		double openedOnA = streamsOpened(a);
		double openedOnB = streamsOpened(b);
		try (SseClient first = SseClient.connect(port(a), TestInfrastructure.token(person, "tab"), null)) {
			await().until(() -> !first.events().isEmpty());
			try (SseClient second = SseClient.connect(port(b), TestInfrastructure.token(person, "tab"), null);
					SseClient otherSession = SseClient.connect(port(a), TestInfrastructure.token(person, "other"),
							null)) {
				await().until(first::ended);
				assertThat(second.ended()).isFalse();
				assertThat(otherSession.ended()).isFalse();
				// what an operator's dashboard shows (parley_notifications_streams_open / _opened_total)
				assertThat(streamsOpened(a) - openedOnA).isEqualTo(2);
				assertThat(streamsOpened(b) - openedOnB).isEqualTo(1);
				assertThat(b.getBean(MeterRegistry.class).get("parley.notifications.streams.open").gauge().value())
					.isGreaterThanOrEqualTo(1);
			}
		}
	}

	private static double streamsOpened(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).get("parley.notifications.streams.opened").counter().count();
	}

	@Test
	void givenBerlinPersonWithDigestChoices_whenTheirMorningComes_thenOneDigestWithLabelRules() throws Exception {
		Person owner = Person.of("host", "HOST");
		Person reader = Person.of("gov-cert", "GOVERNMENT");
		UUID workspace = workspaceWith(owner, reader);
		choose(reader, "Europe/Berlin", Map.of("workspace.document.version-added", "DIGEST"));
		String greenTitle = "Digest green " + UUID.randomUUID();
		String redTitle = "Digest red " + UUID.randomUUID();
		String announcementTitle = "Mailed at once " + UUID.randomUUID();
		UUID green = version(workspace, owner, "TLP:GREEN", greenTitle, List.of(), List.of());
		UUID red = version(workspace, owner, "TLP:RED", redTitle, List.of(reader.id()), List.of());
		TestInfrastructure.publish(new AnnouncementPosted(UUID.randomUUID(), "WORKSPACE", workspace,
				announcementTitle, "TLP:CLEAR", owner.id()));
		await().until(() -> versionEntries(reader, green).size() == 1 && versionEntries(reader, red).size() == 1
				&& entries(reader, "workspace.announcement.posted").size() == 1);

		ZoneId berlin = ZoneId.of("Europe/Berlin");
		ZonedDateTime now = ZonedDateTime.now(berlin);
		ZonedDateTime beforeMorning = now.with(LocalTime.of(7, 30));
		if (!beforeMorning.isAfter(now)) {
			beforeMorning = beforeMorning.plusDays(1);
		}
		digestAt(beforeMorning.toInstant()).run();
		assertThat(digestsTo(reader)).isEmpty();

		DigestJob morning = digestAt(beforeMorning.plusMinutes(35).toInstant());
		morning.run();
		digestAt(beforeMorning.plusHours(3).toInstant()).run();

		assertThat(digestsTo(reader)).hasSize(1);
		String digest = digestsTo(reader).get(0);
		assertThat(digest).contains(greenTitle).contains(green.toString());
		assertThat(digest).contains("TLP:RED").contains(red.toString()).doesNotContain(redTitle);
		assertThat(digest).doesNotContain(announcementTitle); // EMAIL by default: mailed at once, not digested
		assertThat(mailsTo(reader).stream().filter((mail) -> mail.contains(announcementTitle))).hasSize(1);
	}

	@Test
	void givenStrictDocument_whenCommentsAndAcknowledgementsFollow_thenFollowersMentionedAndNamedOrganisationsHear()
			throws Exception {
		Person owner = Person.of("host", "HOST");
		Person uploader = Person.of("acme-security", "VENDOR");
		Person commenter = Person.of("acme-security", "VENDOR");
		Person colleague = Person.of("acme-security", "VENDOR");
		UUID workspace = workspaceWith(owner, uploader, commenter, colleague);
		UUID document = version(workspace, uploader, "TLP:AMBER+STRICT", "Strict " + UUID.randomUUID(), List.of(),
				List.of());
		await().until(() -> versionEntries(colleague, document).size() == 1);

		// the host owner is mentioned but may not see an AMBER+STRICT document of acme-security
		TestInfrastructure.publish(new CommentPosted(workspace, document, UUID.randomUUID(), commenter.id(),
				List.of(colleague.id(), owner.id())));
		await().until(() -> entries(uploader, "workspace.comment.posted").size() == 1
				&& entries(colleague, "workspace.comment.posted").size() == 1);
		// the uploader answers: the first commenter now follows the document
		TestInfrastructure.publish(new CommentPosted(workspace, document, UUID.randomUUID(), uploader.id(), List.of()));
		await().until(() -> entries(commenter, "workspace.comment.posted").size() == 1);
		assertThat(entries(owner, "workspace.comment.posted")).isEmpty();
		assertThat(entries(uploader, "workspace.comment.posted")).hasSize(1);
		assertThat(entries(colleague, "workspace.comment.posted")).hasSize(1); // mentioned once, not a follower

		TestInfrastructure.publish(new AcknowledgementRequested(UUID.randomUUID(), workspace, document, 1,
				List.of("acme-security"), Instant.now().plus(Duration.ofDays(3)), owner.id()));
		TestInfrastructure.publish(new AcknowledgementOverdue(UUID.randomUUID(), workspace, document, 1,
				List.of("acme-security"), Instant.now(), owner.id()));
		await().until(() -> List.of(uploader, commenter, colleague)
			.stream()
			.allMatch((person) -> entries(person, "workspace.acknowledgement.requested").size() == 1
					&& entries(person, "workspace.acknowledgement.overdue").size() == 1)
				&& entries(owner, "workspace.acknowledgement.overdue").size() == 1);
		assertThat(entries(owner, "workspace.acknowledgement.requested")).isEmpty();
	}

	@Test
	void givenDeletedDocument_whenCommentsAndAcknowledgementsAboutItStillArrive_thenNobodyHears() throws Exception {
		Person owner = Person.of("host", "HOST");
		Person uploader = Person.of("acme-security", "VENDOR");
		Person colleague = Person.of("acme-security", "VENDOR");
		UUID workspace = workspaceWith(owner, uploader, colleague);
		UUID document = version(workspace, uploader, "TLP:GREEN", "Soon gone " + UUID.randomUUID(), List.of(),
				List.of());
		await().until(() -> versionEntries(colleague, document).size() == 1);

		double consumedBefore = consumed();
		TestInfrastructure.publish(new DocumentDeleted(workspace, document, "TLP:GREEN", owner.id(), Instant.now(),
				Instant.now().plus(Duration.ofDays(30)), "acme-security", List.of(), List.of()));
		// the two instances take events from one queue side by side: a comment handled while the deletion is still
		// on its way was posted before it, and may be heard; what arrives once the deletion is known may not
		await().until(() -> a.getBean(Directory.class).document(document).map(DocumentAudience::deleted).orElse(false));
		TestInfrastructure.publish(new CommentPosted(workspace, document, UUID.randomUUID(), owner.id(),
				List.of(colleague.id())));
		TestInfrastructure.publish(new AcknowledgementOverdue(UUID.randomUUID(), workspace, document, 1,
				List.of("acme-security"), Instant.now(), owner.id()));
		await().until(() -> consumed() >= consumedBefore + 3);

		for (Person person : List.of(owner, uploader, colleague)) {
			assertThat(entries(person, "workspace.comment.posted")).as("comments to %s", person.id()).isEmpty();
			assertThat(entries(person, "workspace.acknowledgement.overdue")).as("reminders to %s", person.id())
				.isEmpty();
		}
	}

	@Test
	void givenSponsoredPerson_whenAccessExpiresAndTheyAreOffboarded_thenTheyAndTheirSponsorHearAndTheyLeave()
			throws Exception {
		Person sponsor = Person.of("host", "HOST");
		Person guest = Person.of("gov-cert", "GOVERNMENT");
		UUID workspace = workspaceWith(sponsor, guest);
		TestInfrastructure.publish(new AccessExpiring(guest.id(), guest.organisation(), sponsor.id(),
				Instant.now().plus(Duration.ofDays(14))));
		await().until(() -> entries(guest, "identity.member.access-expiring").size() == 1
				&& entries(sponsor, "identity.member.access-expiring").size() == 1);

		TestInfrastructure.publish(new MemberOffboarded(guest.id(), guest.organisation(), sponsor.id()));

		await().until(() -> entries(guest, "identity.member.offboarded").size() == 1
				&& entries(sponsor, "identity.member.offboarded").size() == 1);
		await().until(() -> mailsTo(guest).stream().anyMatch((mail) -> mail.contains("has ended")));
		await().until(() -> a.getBean(MongoTemplate.class)
			.count(new Query(where("workspaceId").is(workspace.toString()).and("personId").is(guest.id().toString())),
					"memberships") == 0);
		HttpResponse<String> stream = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(b) + "/api/notifications/stream"))
			.header("Authorization", "Bearer " + TestInfrastructure.token(guest, "late"))
			.header("Accept", "text/event-stream")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(stream.statusCode()).isEqualTo(401);
	}

	@Test
	void givenWorkspaceCreatedWithMembers_whenTheirAdditionsArrive_thenEveryoneButTheCreatorIsToldAndSoIsALaterOne()
			throws Exception {
		Person creator = Person.of("host", "HOST");
		Person founder = Person.of("acme-security", "VENDOR");
		Person later = Person.of("gov-cert", "GOVERNMENT");
		UUID workspace = UUID.randomUUID();
		// as workspace records them: created with its first members (all of version 1), then a member added later
		TestInfrastructure.publish(workspaceEvent(workspace, 1,
				new WorkspaceCreated(workspace, "Created " + workspace, "TLP:RED", creator.id())));
		TestInfrastructure.publish(workspaceEvent(workspace, 1,
				new WorkspaceMemberAdded(workspace, creator.id(), creator.organisation(), "owner")));
		TestInfrastructure.publish(workspaceEvent(workspace, 1,
				new WorkspaceMemberAdded(workspace, founder.id(), founder.organisation(), "contributor")));
		TestInfrastructure.publish(workspaceEvent(workspace, 2,
				new WorkspaceMemberAdded(workspace, later.id(), later.organisation(), "reader")));

		await().until(() -> entries(founder, "workspace.membership.added").size() == 1
				&& entries(later, "workspace.membership.added").size() == 1);
		double consumed = consumed();
		// the creator, removed and added back by someone else, is told then
		TestInfrastructure.publish(workspaceEvent(workspace, 3,
				new WorkspaceMemberAdded(workspace, creator.id(), creator.organisation(), "reader")));
		await().until(() -> consumed() >= consumed + 1);
		assertThat(entries(creator, "workspace.membership.added")).singleElement()
			.satisfies((entry) -> assertThat(entry.getString("title")).endsWith("as reader"));
	}

	@Test
	void givenStrictDocument_whenItsLabelWidensAndLaterNarrows_thenOnlyThoseNewlyAbleToReadHearOnceEvenIfRedelivered()
			throws Exception {
		Person owner = Person.of("host", "HOST");
		Person uploader = Person.of("acme-security", "VENDOR");
		Person colleague = Person.of("acme-security", "VENDOR");
		Person liaison = Person.of("gov-cert", "GOVERNMENT");
		UUID workspace = workspaceWith(owner, uploader, colleague, liaison);
		UUID document = version(workspace, uploader, "TLP:AMBER+STRICT", "Advisory " + UUID.randomUUID(), List.of(),
				List.of());
		await().until(() -> versionEntries(colleague, document).size() == 1);

		EventEnvelope widened = TestInfrastructure.publish(new DocumentLabelChanged(workspace, document,
				"TLP:AMBER+STRICT", "TLP:AMBER", uploader.id(), uploader.organisation(), List.of(), List.of()));
		await().until(() -> sharedEntries(owner, document).size() == 1 && sharedEntries(liaison, document).size() == 1);
		double consumed = consumed();
		TestInfrastructure.publish(widened); // delivered again
		TestInfrastructure.publish(new DocumentLabelChanged(workspace, document, "TLP:AMBER", "TLP:RED", owner.id(),
				uploader.organisation(), List.of(colleague.id()), List.of()));
		await().until(() -> consumed() >= consumed + 2);

		assertThat(sharedEntries(owner, document)).singleElement()
			.satisfies((entry) -> assertThat(entry.getString("title")).contains("is now shared with you (TLP:AMBER)"));
		assertThat(sharedEntries(liaison, document)).hasSize(1);
		// could read it already, or changed it, or the change narrowed it
		assertThat(sharedEntries(colleague, document)).isEmpty();
		assertThat(sharedEntries(uploader, document)).isEmpty();
	}

	private static List<Document> sharedEntries(Person person, UUID document) {
		return entries(person, "workspace.document.label-changed").stream()
			.filter((entry) -> entry.getString("link").contains(document.toString()))
			.toList();
	}

	private static EventEnvelope workspaceEvent(UUID workspace, long version, Object event) {
		EventEnvelope envelope = TestInfrastructure.envelope(event);
		return new EventEnvelope(envelope.id(), envelope.type(), envelope.occurredAt(), envelope.producer(),
				workspace.toString(), version, envelope.data());
	}

	@Test
	void givenOffboardedPerson_whenALaterNoticeNamesThem_thenNoEntryForThem() throws Exception {
		Person gone = Person.of("acme-security", "VENDOR");
		join(gone);
		await().until(() -> a.getBean(Directory.class).person(gone.id().toString()).isPresent());
		TestInfrastructure.publish(new MemberOffboarded(gone.id(), gone.organisation(), null));
		await().until(() -> entries(gone, "identity.member.offboarded").size() == 1);
		double consumed = consumed();

		expiring(gone);

		await().until(() -> consumed() >= consumed + 1);
		assertThat(entries(gone, "identity.member.access-expiring")).isEmpty();
	}

	@Test
	void givenEverySampleEventNotificationsBinds_whenRead_thenNothingIsLostOrInvented() {
		EventSamples.assertConsumerReadsEverySample(a.getBean(EventSubscription.class), a.getBean(JsonMapper.class));
	}

	@Test
	void givenOffboardedPerson_whenCallingInboxAndPreferencesOnEitherInstance_thenEachRefusesWithinOneSecond()
			throws Exception {
		Person leaver = Person.of("acme-security", "VENDOR");
		join(leaver);
		String token = TestInfrastructure.token(leaver, "still-signed-in");
		for (ConfigurableApplicationContext instance : List.of(a, b)) {
			assertThat(call(instance, "/api/notifications", token)).isEqualTo(200);
			assertThat(call(instance, "/api/notifications/preferences", token)).isEqualTo(200);
		}

		long published = System.nanoTime();
		TestInfrastructure.publish(new MemberOffboarded(leaver.id(), leaver.organisation(), UUID.randomUUID()));

		// every instance and path asked in turn, as fast as they answer, until all refuse
		Map<String, Long> refusedAfterMillis = new java.util.TreeMap<>();
		while (refusedAfterMillis.size() < 4 && System.nanoTime() - published < Duration.ofSeconds(5).toNanos()) {
			for (ConfigurableApplicationContext instance : List.of(a, b)) {
				for (String path : List.of("/api/notifications", "/api/notifications/preferences")) {
					String key = ((instance == a) ? "a " : "b ") + path;
					if (!refusedAfterMillis.containsKey(key) && call(instance, path, token) == 401) {
						refusedAfterMillis.put(key, (System.nanoTime() - published) / 1_000_000);
					}
				}
			}
		}
		System.out.println("offboarding: refused after (ms since MemberOffboarded was published) " + refusedAfterMillis);
		assertThat(refusedAfterMillis).hasSize(4).allSatisfy((path, millis) -> assertThat(millis).isLessThan(1000));
	}

	@Test
	void givenSponsoredPerson_whenTheirAccessEndPasses_thenRefusedAndTheirStreamClosedWithoutAnyOffboarding()
			throws Exception {
		Person guest = Person.of("gov-cert", "GOVERNMENT");
		join(guest);
		String token = TestInfrastructure.token(guest, "ending");
		Instant end = Instant.now().plusSeconds(3);
		TestInfrastructure.publish(new AccessScheduled(guest.id(), guest.organisation(), end));
		await().until(() -> a.getBean(MongoTemplate.class).exists(new Query(where("_id").is(guest.id().toString())),
				"access_ends"));
		assertThat(call(b, "/api/notifications", token)).isEqualTo(200);
		try (SseClient stream = SseClient.connect(port(a), token, null)) {
			await().until(() -> Instant.now().isAfter(end));

			for (ConfigurableApplicationContext instance : List.of(a, b)) {
				assertThat(call(instance, "/api/notifications", token)).isEqualTo(401);
			}
			// the heartbeat (1 s in these tests) closes what is still open
			await().atMost(Duration.ofSeconds(5)).until(stream::ended);
		}
	}

	@Test
	void givenDigestLinesAndAPendingMail_whenTheRecipientIsOffboarded_thenNothingIsMailedToThem() throws Exception {
		Person owner = Person.of("host", "HOST");
		Person reader = Person.of("acme-security", "VENDOR");
		UUID workspace = workspaceWith(owner, reader);
		choose(reader, "Europe/Berlin", Map.of("workspace.document.version-added", "DIGEST"));
		UUID digested = version(workspace, owner, "TLP:GREEN", "Digest after leaving " + UUID.randomUUID(), List.of(),
				List.of());
		await().until(() -> versionEntries(reader, digested).size() == 1);
		TestInfrastructure.publish(new MemberOffboarded(reader.id(), reader.organisation(), owner.id()));
		await().until(() -> entries(reader, "identity.member.offboarded").size() == 1);
		// a mail whose first attempt failed before the offboarding, retried after it
		UUID pending = versionEntries(reader, digested).get(0).get("_id", UUID.class);
		a.getBean(MongoTemplate.class)
			.updateFirst(new Query(where("_id").is(pending)), new org.springframework.data.mongodb.core.query.Update()
				.set("mail", "PENDING"), "notifications");
		a.getBean(Mailer.class).sendDue(List.of(pending));
		assertThat(mailsAbout(reader, digested)).isEmpty();
		assertThat(versionEntries(reader, digested).get(0).getString("mail")).isEqualTo("WITHHELD");

		UUID later = version(workspace, owner, "TLP:GREEN", "Sent before the end", List.of(), List.of());
		a.getBean(MongoTemplate.class)
			.insert(new Document("_id", UUID.randomUUID()).append("recipientId", reader.id().toString())
				.append("type", "workspace.document.version-added")
				.append("title", "Written before the offboarding arrived")
				.append("link", "/#/workspaces/" + workspace + "/documents/" + later)
				.append("createdAt", java.util.Date.from(Instant.now()))
				.append("seq", 0L)
				.append("mail", "DIGEST"), "notifications");
		digestAt(nextBerlinMorning()).run();

		assertThat(digestsTo(reader)).isEmpty();
		assertThat(mailsAbout(reader, later)).isEmpty();
	}

	@Test
	void givenDigestLinesAboutTwoWorkspaces_whenTheReaderLeavesOne_thenTheirDigestHasOnlyTheOther() throws Exception {
		Person owner = Person.of("host", "HOST");
		Person reader = Person.of("gov-cert", "GOVERNMENT");
		UUID left = workspaceWith(owner, reader);
		UUID kept = workspaceWith(owner, reader);
		choose(reader, "Europe/Berlin", Map.of("workspace.document.version-added", "DIGEST"));
		UUID aboutLeft = version(left, owner, "TLP:GREEN", "Left behind " + UUID.randomUUID(), List.of(), List.of());
		UUID aboutKept = version(kept, owner, "TLP:GREEN", "Still mine " + UUID.randomUUID(), List.of(), List.of());
		await().until(() -> versionEntries(reader, aboutLeft).size() == 1 && versionEntries(reader, aboutKept).size() == 1);

		TestInfrastructure.publish(new WorkspaceMemberRemoved(left, reader.id()));
		await().until(() -> a.getBean(MongoTemplate.class)
			.count(new Query(where("workspaceId").is(left.toString()).and("personId").is(reader.id().toString())),
					"memberships") == 0);
		digestAt(nextBerlinMorning()).run();

		assertThat(digestsTo(reader)).hasSize(1);
		assertThat(digestsTo(reader).get(0)).contains(aboutKept.toString()).doesNotContain(aboutLeft.toString());
		assertThat(versionEntries(reader, aboutLeft).get(0).getString("mail")).isEqualTo("WITHHELD");
	}

	// ---- set-up helpers

	private static UUID workspaceWith(Person... people) {
		return Instances.workspaceWith(a, people);
	}

	private static UUID version(UUID workspace, Person uploader, String label, String title, List<UUID> namedPeople,
			List<String> namedOrganisations) {
		UUID document = UUID.randomUUID();
		TestInfrastructure.publish(new DocumentVersionAdded(workspace, document, 1, title, label, uploader.id(),
				uploader.organisation(), namedPeople, namedOrganisations));
		return document;
	}

	private static EventEnvelope expiring(Person person) {
		return TestInfrastructure.publish(new AccessExpiring(person.id(), person.organisation(), null,
				Instant.now().plus(Duration.ofDays(14))));
	}

	private static void choose(Person person, String timeZone, Map<String, String> channels) throws Exception {
		Instances.choose(a, person, timeZone, channels);
	}

	private static DigestJob digestAt(Instant instant) {
		return new DigestJob(a.getBean(Entries.class), a.getBean(Preferences.class), a.getBean(Directory.class),
				a.getBean(Mailer.class), Clock.fixed(instant, ZoneOffset.UTC), a.getBean(NotificationsProperties.class));
	}

	// ---- observation helpers

	private static List<Document> entries(Person person, String type) {
		return Instances.entries(a, person, type);
	}

	private static List<Document> versionEntries(Person person, UUID document) {
		return entries(person, "workspace.document.version-added").stream()
			.filter((entry) -> entry.getString("link").contains(document.toString()))
			.toList();
	}

	private static List<String> mailsAbout(Person person, UUID document) throws Exception {
		return mailsTo(person).stream().filter((mail) -> mail.contains(document.toString())).toList();
	}

	private static List<String> digestsTo(Person person) throws Exception {
		return mailsTo(person).stream().filter((mail) -> mail.startsWith("Parley: your daily digest")).toList();
	}

	private static double consumed() {
		return Instances.consumed(QUEUE, a, b);
	}

	/** The counts the stream's {@code unread} events carried, in order. */
	private static List<Long> unreadCounts(SseClient client) {
		return client.events()
			.stream()
			.filter((event) -> event.name().equals("unread"))
			.map((event) -> JSON.readTree(event.data()).get("unread").asLong())
			.toList();
	}

	/** The count the last {@code unread} event on the stream carried, -1 before the first. */
	private static long lastUnread(SseClient client) {
		List<Long> counts = unreadCounts(client);
		return counts.isEmpty() ? -1 : counts.get(counts.size() - 1);
	}

	/** An entry at a position {@code Entries.next} handed out, as {@code Deliveries} makes it. */
	private static Notification entryAt(Person person, Entries.Position position) {
		UUID event = UUID.randomUUID();
		String recipient = person.id().toString();
		return new Notification(Notification.idFor(event, recipient), event, recipient, "workspace.membership.added",
				"Added " + position.seq(), null, "/#/", Instant.now(), null, position.seq(),
				Notification.MailState.NONE, null);
	}

	/**
	 * What {@code Deliveries} does once it has a position: insert, then push. The push comes from instance a, which
	 * holds the tests' streams, so it has reached them when this returns.
	 */
	private static void storedAndPushed(Notification entry, Entries.Position position) {
		stored(entry);
		pushed(entry, position);
	}

	private static void stored(Notification entry) {
		assertThat(a.getBean(Entries.class).insertAll(List.of(entry))).isEmpty();
	}

	private static void pushed(Notification entry, Entries.Position position) {
		a.getBean(PushFanout.class).notification(entry.recipientId(), entry.seq(), entry.item(), position.unread());
	}

	private static Notification entryOf(UUID event, String recipient) {
		return new Notification(Notification.idFor(event, recipient), event, recipient, "workspace.membership.added",
				"Added", null, "/#/", Instant.now(), null, 1, Notification.MailState.NONE, null);
	}

	/** Half past eight in Berlin, after now: every digest due in Berlin is due then. */
	private static Instant nextBerlinMorning() {
		ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
		ZonedDateTime morning = now.with(LocalTime.of(8, 30));
		return (morning.isAfter(now) ? morning : morning.plusDays(1)).toInstant();
	}

}
