package io.parley.notifications;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.notifications.TestInfrastructure.Person;
import io.parley.notifications.preferences.NoticeType;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseHalted.GateBreach;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static io.parley.notifications.Instances.HTTP;
import static io.parley.notifications.Instances.JSON;
import static io.parley.notifications.Instances.await;
import static io.parley.notifications.Instances.mailsTo;
import static io.parley.notifications.Instances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Issue 20's "everyone hears it", against the real RabbitMQ with two notifications instances on one queue of their
 * own, the embedded Mongo-wire server and GreenMail: {@code rollouts.release.*} events published as rollouts'
 * relay publishes them become inbox entries, pushes and mails for exactly the release's readers. The consumers run
 * with the publisher check on ({@code parley.events.consumer.publishers}, every producer's broker user being this
 * test's {@code guest}), so a rollouts event is handled only as the {@code rollouts} owner's.
 * <p>
 * Each test makes its own people in a workspace of its own: the releasing organisation {@code acme-security}
 * (declarer, colleague), the host {@code os-vendor}, another partner {@code beta-defence} and a government liaison.
 */
class RolloutNoticesIntegrationTests {

	private static final String QUEUE = "notifications-rollouts-it-" + UUID.randomUUID();

	private static final String HALTED = NoticeType.RELEASE_HALTED.key();

	private static final String REASON = "Boot-failure rate 4.2 per mille exceeds the gate of 1.0";

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	/** The publisher check on, every producer's broker user being this test's {@code guest}. */
	private static final List<String> TRUST = List.of("parley.events.consumer.publishers.identity=guest",
			"parley.events.consumer.publishers.workspace=guest", "parley.events.consumer.publishers.rollouts=guest");

	@BeforeAll
	static void startTwoInstances() {
		a = Instances.start(QUEUE, TRUST.toArray(String[]::new));
		b = Instances.start(QUEUE, TRUST.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		Instances.stop(QUEUE, b, a);
	}

	@Test
	void givenParticipantsWhoChoseNoMailForEverything_whenAGateBreachHaltsTheRelease_thenEachHearsInInboxStreamAndMailbox()
			throws Exception {
		World world = World.make();
		// the declarer and the host take everything they may as a digest, the colleague nothing by mail, and the
		// colleague's stored choice even says OFF for halts (written around the API, which refuses it)
		Instances.choose(a, world.declarer, null, everyChangeable("DIGEST"));
		Instances.choose(a, world.host, null, everyChangeable("DIGEST"));
		Instances.choose(a, world.colleague, null, everyChangeable("IN_APP"));
		a.getBean(MongoTemplate.class)
			.updateFirst(new Query(where("_id").is(world.colleague.id().toString())),
					new Update().set("channels." + HALTED.replace('.', '_'), "OFF"), "preferences");
		ReleaseSummary release = world.release("TLP:GREEN", List.of());

		try (Streams streams = Streams.of(world.declarer, world.colleague, world.host, world.other, world.liaison)) {
			TestInfrastructure.publish(gateBreach(release, "acme-security", "os-vendor"));

			// the participants and the government observer, who watches the line stop
			for (Person participant : List.of(world.declarer, world.colleague, world.host, world.liaison)) {
				await().until(() -> streams.halts(participant, release).size() == 1);
				assertThat(entries(participant, HALTED)).singleElement()
					.satisfies((entry) -> assertThat(entry.getString("title")).isEqualTo("Stop the line: "
							+ "Falcon Sensor " + release.version() + " was halted in ring 2 by a breached health gate: "
							+ REASON));
				await().until(() -> mailsAbout(participant, release).size() == 1);
				// GREEN: the mail may say what happened; it goes at once, not into the digest
				assertThat(mailsAbout(participant, release).get(0)).contains("Falcon Sensor " + release.version())
					.contains("ring 2")
					.contains(REASON)
					.contains("http://127.0.0.1:8080/#/rollouts/releases/" + release.releaseId())
					.contains("whatever their notification preferences");
				assertThat(entries(participant, HALTED).get(0).getString("mail")).isEqualTo("SENT");
			}
			// beta-defence reads the release but takes no part in it
			for (Person onlooker : List.of(world.other)) {
				assertThat(entries(onlooker, HALTED)).isEmpty();
				assertThat(streams.halts(onlooker, release)).isEmpty();
				assertThat(mailsAbout(onlooker, release)).isEmpty();
			}
		}
	}

	@Test
	void givenTheSameHaltDeliveredTwice_whenConsumed_thenOneNoticeEachInInboxStreamAndMailbox() throws Exception {
		World world = World.make();
		ReleaseSummary release = world.release("TLP:AMBER", List.of());
		List<Person> participants = List.of(world.declarer, world.colleague, world.host);
		try (Streams streams = Streams.of(world.declarer, world.colleague, world.host)) {
			EventEnvelope halt = TestInfrastructure.envelope(gateBreach(release, "acme-security", "os-vendor"));
			double consumed = consumed();

			TestInfrastructure.publish(halt);
			TestInfrastructure.publish(halt);

			await().until(() -> consumed() >= consumed + 2);
			// a later notice to the same people: once it is on their streams, a second push of the halt would be too
			ReleaseSummary later = world.release("TLP:AMBER", List.of());
			TestInfrastructure.publish(gateBreach(later, "acme-security", "os-vendor"));
			for (Person participant : participants) {
				await().until(() -> streams.halts(participant, later).size() == 1
						&& mailsAbout(participant, release).size() == 1);
				assertThat(streams.halts(participant, release)).hasSize(1);
				assertThat(entries(participant, HALTED)).hasSize(2); // one per release
				assertThat(mailsAbout(participant, release)).hasSize(1);
			}
		}
	}

	@Test
	void givenAmberStrictReleaseOfAnotherOrganisation_whenHalted_thenAReaderOutsideItsAudienceHearsNothing()
			throws Exception {
		World world = World.make();
		// acme-security's AMBER+STRICT release naming beta-defence; the host takes part but is not named
		ReleaseSummary release = world.release("TLP:AMBER+STRICT", List.of("beta-defence"));
		try (Streams streams = Streams.of(world.declarer, world.other, world.host)) {
			TestInfrastructure.publish(gateBreach(release, "acme-security", "beta-defence", "os-vendor"));

			for (Person reader : List.of(world.declarer, world.colleague, world.other)) {
				await().until(() -> entries(reader, HALTED).size() == 1 && mailsAbout(reader, release).size() == 1);
			}
			await().until(() -> streams.halts(world.declarer, release).size() == 1
					&& streams.halts(world.other, release).size() == 1);
			assertThat(entries(world.host, HALTED)).isEmpty();
			assertThat(streams.halts(world.host, release)).isEmpty();
			assertThat(mailsAbout(world.host, release)).isEmpty();
			// the named organisation's mail says what kind of notice it is, the label and the link: no product,
			// version or reason, as document mails of this label carry no title
			assertThat(mailsAbout(world.other, release).get(0)).contains("A release was halted: stop the line")
				.contains("TLP:AMBER+STRICT")
				.doesNotContain("Falcon Sensor")
				.doesNotContain(release.version())
				.doesNotContain(REASON);
			assertThat(entries(world.other, HALTED).get(0).getString("title")).contains(REASON);
		}
	}

	@Test
	void givenAReaderOfANonParticipantOrganisation_whenTheReleaseIsHalted_thenTheyDoNotGetTheHalt() throws Exception {
		World world = World.make();
		ReleaseSummary release = world.release("TLP:GREEN", List.of());
		// beta-defence reads the release (it hears the ring start) but signs off no ring: not a participant
		TestInfrastructure.publish(new RingStarted(release, 0, "canary", List.of("os-vendor"),
				world.declarer.id().toString()));
		await().until(() -> entries(world.other, NoticeType.RING_STARTED.key()).size() == 1);

		TestInfrastructure.publish(gateBreach(release, "acme-security", "os-vendor"));

		await().until(() -> entries(world.host, HALTED).size() == 1 && entries(world.colleague, HALTED).size() == 1);
		assertThat(entries(world.other, HALTED)).isEmpty();
		assertThat(mailsAbout(world.other, release)).isEmpty();
	}

	@Test
	void givenAParticipantRemovedFromTheWorkspaceAndOneOffboarded_whenHalted_thenNeitherHearsIt() throws Exception {
		Person leaver = Person.of("acme-security", "VENDOR");
		Person gone = Person.of("acme-security", "VENDOR");
		World world = World.make(leaver, gone);
		TestInfrastructure.publish(new WorkspaceMemberRemoved(world.workspace, leaver.id()));
		TestInfrastructure.publish(new MemberOffboarded(gone.id(), gone.organisation(), null));
		MongoTemplate mongo = a.getBean(MongoTemplate.class);
		await().until(() -> !mongo.exists(new Query(where("personId").is(leaver.id().toString())), "memberships")
				&& mongo.exists(new Query(where("_id").is(gone.id().toString())), "access_ends"));
		ReleaseSummary release = world.release("TLP:GREEN", List.of());

		TestInfrastructure.publish(gateBreach(release, "acme-security", "os-vendor"));

		await().until(() -> entries(world.colleague, HALTED).size() == 1);
		assertThat(entries(leaver, HALTED)).isEmpty();
		assertThat(entries(gone, HALTED)).isEmpty();
		assertThat(mailsAbout(leaver, release)).isEmpty();
		assertThat(mailsAbout(gone, release)).isEmpty();
	}

	@Test
	void givenHaltsAreMandatory_whenPreferencesAreReadAndChanged_thenShownLockedAndSwitchingThemOffIsRefused()
			throws Exception {
		Person person = Person.of("os-vendor", "HOST");

		JsonNode preferences = JSON.readTree(getPreferences(person));
		JsonNode halted = notice(preferences, HALTED);
		assertThat(halted.get("mandatory").asBoolean()).isTrue();
		assertThat(halted.get("locked").asBoolean()).isTrue();
		assertThat(halted.get("allowedChannels").toString()).isEqualTo("[\"EMAIL\"]");
		assertThat(halted.get("description").asString()).isEqualTo("A release was halted: stop the line");
		assertThat(preferences.get("channels").get(HALTED).asString()).isEqualTo("EMAIL");
		assertThat(preferences.get("mandatory").toString()).contains(HALTED);
		JsonNode ringStarted = notice(preferences, NoticeType.RING_STARTED.key());
		assertThat(ringStarted.get("mandatory").asBoolean()).isFalse();
		assertThat(ringStarted.get("allowedChannels").size()).isEqualTo(4);

		for (String away : List.of("OFF", "DIGEST", "IN_APP")) {
			HttpResponse<String> refused = Instances.putPreferences(b, person, null,
					Map.of(HALTED, away, NoticeType.RING_STARTED.key(), "OFF"));
			assertThat(refused.statusCode()).as(away).isEqualTo(422);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = JSON.readTree(refused.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:parley:problem:mandatory-notice");
			assertThat(problem.get("detail").asString())
				.contains("cannot be switched off or moved to another channel: rollouts.release.halted (only EMAIL)");
			assertThat(problem.get("notices").toString()).isEqualTo("[\"" + HALTED + "\"]");
		}
		// nothing of a refused request was kept; the halt's own channel may be sent back as it is
		assertThat(JSON.readTree(getPreferences(person)).get("channels").get(NoticeType.RING_STARTED.key()).asString())
			.isEqualTo("IN_APP");
		Instances.choose(b, person, null, Map.of(HALTED, "EMAIL", NoticeType.RING_STARTED.key(), "OFF"));
		assertThat(JSON.readTree(getPreferences(person)).get("channels").get(NoticeType.RING_STARTED.key()).asString())
			.isEqualTo("OFF");
	}

	@Test
	void givenRingStarted_whenConsumed_thenSignOffOrganisationsAreAskedAndOtherReadersFollowTheirPreferences()
			throws Exception {
		World world = World.make();
		Instances.choose(a, world.other, null, Map.of(NoticeType.RING_STARTED.key(), "OFF"));
		ReleaseSummary release = world.release("TLP:GREEN", List.of());

		TestInfrastructure.publish(new RingStarted(release, 1, "early adopters", List.of("os-vendor"),
				world.declarer.id().toString()));

		// the host is asked for its sign-off, by mail by default
		await().until(() -> mailsAbout(world.host, release).size() == 1);
		assertThat(entries(world.host, NoticeType.SIGN_OFF_REQUESTED.key())).singleElement()
			.satisfies((entry) -> assertThat(entry.getString("title")).isEqualTo("Your organisation's go or no-go is "
					+ "requested: Falcon Sensor " + release.version() + " entered ring 2 (early adopters)"));
		assertThat(entries(world.host, NoticeType.RING_STARTED.key())).isEmpty();
		// the others hear the ring started, in Parley only by default; beta-defence switched it off
		await().until(() -> entries(world.liaison, NoticeType.RING_STARTED.key()).size() == 1
				&& entries(world.colleague, NoticeType.RING_STARTED.key()).size() == 1);
		assertThat(entries(world.colleague, NoticeType.RING_STARTED.key()).get(0).getString("mail")).isEqualTo("NONE");
		assertThat(entries(world.other, NoticeType.RING_STARTED.key())).isEmpty();
		// the declarer started it: nothing to tell them
		assertThat(entries(world.declarer, NoticeType.RING_STARTED.key())).isEmpty();
		assertThat(entries(world.declarer, NoticeType.SIGN_OFF_REQUESTED.key())).isEmpty();
	}

	/**
	 * A third instance whose SMTP server accepts connections and never answers (each mail waits for the 5 s read
	 * timeout), with a database and push exchange of its own: the first halt's four mails would hold its consumer
	 * for 20 s or more if they were sent on the consumer's thread; the second halt must be on the streams long before.
	 */
	@Test
	void givenAnSmtpServerThatNeverAnswers_whenTwoHaltsFollowEachOther_thenTheSecondIsPushedWithoutWaitingForTheMails()
			throws Exception {
		String own = "rollouts-mute-smtp-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> args = new ArrayList<>(TRUST);
		try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			args.addAll(List.of("spring.mail.port=" + mute.getLocalPort(), "spring.mongodb.database=" + own,
					"parley.notifications.push.exchange=" + own));
			ConfigurableApplicationContext c = Instances.start(own, args.toArray(String[]::new));
			try {
				Person fourth = Person.of("os-vendor", "HOST");
				World world = World.make(c, fourth);
				List<Person> participants = List.of(world.declarer, world.colleague, world.host, fourth);
				try (Streams streams = Streams.on(List.of(c), participants.toArray(Person[]::new))) {
					ReleaseSummary first = world.release("TLP:AMBER", List.of());
					ReleaseSummary second = world.release("TLP:AMBER", List.of());
					TestInfrastructure.publish(gateBreach(first, "acme-security", "os-vendor"));
					await().until(() -> participants.stream().allMatch((p) -> streams.halts(p, first).size() == 1));

					long published = System.nanoTime();
					TestInfrastructure.publish(gateBreach(second, "acme-security", "os-vendor"));

					Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
						.until(() -> participants.stream().allMatch((p) -> streams.halts(p, second).size() == 1));
					System.out.println("second halt on every stream " + (System.nanoTime() - published) / 1_000_000
							+ " ms after it was published, while the first halt's mails wait for a mute SMTP server");
					// the first halt's mails are still owed: nothing was given up on
					assertThat(Instances.entries(c, world.declarer, HALTED))
						.allSatisfy((entry) -> assertThat(entry.getString("mail")).isIn("PENDING", "SENDING"));
				}
			}
			finally {
				Instances.stop(own, c);
				CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1");
				new RabbitAdmin(broker).deleteExchange(own);
				broker.destroy();
			}
		}
	}

	/**
	 * Not a benchmark (that is for {@code bench/}): a few samples of the time from publishing a halt on the broker to
	 * its {@code notification} event on each participant's stream, streams on both instances, printed to the log.
	 */
	@Test
	void givenParticipantsStreamingOnBothInstances_whenHaltsArePublished_thenEachStreamGetsEveryHaltAndTheDelayIsLogged()
			throws Exception {
		Person fourth = Person.of("os-vendor", "HOST");
		World world = World.make(fourth);
		List<Person> participants = List.of(world.declarer, world.colleague, world.host, fourth);
		List<Long> millis = new ArrayList<>();
		try (Streams streams = Streams.of(participants.toArray(Person[]::new))) {
			for (int i = 0; i < 10; i++) {
				ReleaseSummary release = world.release("TLP:AMBER", List.of());
				long published = System.nanoTime();
				TestInfrastructure.publish(gateBreach(release, "acme-security", "os-vendor"));
				for (Person participant : participants) {
					await().until(() -> streams.halts(participant, release).size() == 1);
					millis.add((streams.halts(participant, release).get(0).receivedNanos() - published) / 1_000_000);
				}
			}
		}
		List<Long> sorted = millis.stream().sorted().toList();
		// the machine's load says how much of this is waiting for a core (CI shares two with other builds)
		System.out.println("halt published -> notification on the participant's stream (ms), 10 halts x 4 streams on "
				+ "2 instances: p50 " + sorted.get(sorted.size() / 2) + ", p90 " + sorted.get(sorted.size() * 9 / 10)
				+ ", max " + sorted.get(sorted.size() - 1) + "; in order " + millis + "; load average "
				+ ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + " on "
				+ Runtime.getRuntime().availableProcessors() + " cores");
		assertThat(millis).hasSize(40);
	}

	// ---- the world of one test

	/** People of one test in a workspace of their own; {@code more} join it too. */
	private record World(UUID workspace, Person declarer, Person colleague, Person host, Person other,
			Person liaison) {

		static World make(Person... more) {
			return make(a, more);
		}

		/** The workspace, once this instance's projection knows everyone. */
		static World make(ConfigurableApplicationContext instance, Person... more) {
			Person declarer = Person.of("acme-security", "VENDOR");
			Person colleague = Person.of("acme-security", "VENDOR");
			Person host = Person.of("os-vendor", "HOST");
			Person other = Person.of("beta-defence", "VENDOR");
			Person liaison = Person.of("gov-cert", "GOVERNMENT");
			List<Person> people = new ArrayList<>(List.of(declarer, colleague, host, other, liaison));
			people.addAll(List.of(more));
			UUID workspace = Instances.workspaceWith(instance, people.toArray(Person[]::new));
			return new World(workspace, declarer, colleague, host, other, liaison);
		}

		/** A new release of acme-security in this workspace, declared by the declarer. */
		ReleaseSummary release(String label, List<String> namedOrganisations) {
			UUID id = UUID.randomUUID();
			return new ReleaseSummary(id, this.workspace, this.declarer.organisation(), "Falcon Sensor",
					"7.12." + id.toString().substring(0, 4), "SENSOR", label, this.declarer.id().toString(),
					List.of(), namedOrganisations);
		}

	}

	/** An automatic halt in ring 2 (index 1), reported by the releasing organisation's machine client. */
	private static ReleaseHalted gateBreach(ReleaseSummary release, String... participants) {
		return new ReleaseHalted(release, 1, REASON, true,
				List.of(new GateBreach("BOOT_FAILURE_RATE", 4.2, 1.0, 5000)), List.of(participants), true,
				UUID.randomUUID().toString());
	}

	/** Each person's event stream, alternately on instance a and b unless said otherwise. */
	private static final class Streams implements AutoCloseable {

		private final Map<Person, SseClient> clients = new LinkedHashMap<>();

		static Streams of(Person... people) throws Exception {
			return on(List.of(a, b), people);
		}

		/** Each person's stream on one of these instances, in turn. */
		static Streams on(List<ConfigurableApplicationContext> instances, Person... people) throws Exception {
			Streams streams = new Streams();
			int i = 0;
			for (Person person : people) {
				ConfigurableApplicationContext instance = instances.get(i++ % instances.size());
				streams.clients.put(person, SseClient.connect(port(instance), TestInfrastructure.token(person, "tab"),
						null));
			}
			await().until(() -> streams.clients.values().stream().allMatch((client) -> !client.events().isEmpty()));
			return streams;
		}

		/** The halts of this release pushed to this person's stream. */
		List<SseClient.Event> halts(Person person, ReleaseSummary release) {
			return this.clients.get(person)
				.notifications()
				.stream()
				.filter((event) -> event.data().contains(HALTED) && event.data().contains(release.releaseId().toString()))
				.toList();
		}

		@Override
		public void close() {
			this.clients.values().forEach(SseClient::close);
		}

	}

	// ---- observation helpers

	private static List<Document> entries(Person person, String type) {
		return Instances.entries(a, person, type);
	}

	private static List<String> mailsAbout(Person person, ReleaseSummary release) throws Exception {
		return mailsTo(person).stream().filter((mail) -> mail.contains(release.releaseId().toString())).toList();
	}

	private static double consumed() {
		return Instances.consumed(QUEUE, a, b);
	}

	/** Every notice type a person may change, set to this channel (what "no mail for anything" means). */
	private static Map<String, String> everyChangeable(String channel) {
		Map<String, String> channels = new LinkedHashMap<>();
		for (NoticeType type : NoticeType.values()) {
			if (!type.locked()) {
				channels.put(type.key(), channel);
			}
		}
		return channels;
	}

	private static String getPreferences(Person person) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(a) + "/api/notifications/preferences"))
			.header("Authorization", "Bearer " + TestInfrastructure.token(person, "prefs"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static JsonNode notice(JsonNode preferences, String type) {
		for (JsonNode notice : preferences.get("notices")) {
			if (notice.get("type").asString().equals(type)) {
				return notice;
			}
		}
		throw new AssertionError("no notice type " + type + " in " + preferences);
	}

}
