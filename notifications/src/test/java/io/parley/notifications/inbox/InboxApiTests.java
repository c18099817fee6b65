package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.ResourceServerContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The resource-server contract on notifications, plus whose inbox a caller sees and may change.
 * <p>
 * The fixture people are the same in every test JVM and every module, so this instance hears only an exchange and a
 * queue of its own, and keeps its inbox in a database of its own: on {@code parley.events}, any other run on the same
 * RabbitMQ (workspace's or identity's tests, a benchmark, a backlog left in a durable queue by an earlier run) could
 * add an inbox entry for them between two reads of an unread count, directly or through the other notifications
 * instances of this JVM, which share the embedded Mongo-wire server. The names are new for every run; the exchange
 * and the queues are deleted when the context closes (after this class).
 */
@DirtiesContext
class InboxApiTests extends ResourceServerContract {

	/** Exchange, queue and database: at most 64 characters, a MongoDB database name's limit. */
	private static final String OWN = "inbox-api-tests-" + UUID.randomUUID();

	private static final String PARTNER = (String) FakeKeycloak.claims("partner-engineer").get("sub");

	private static final String LIAISON = (String) FakeKeycloak.claims("gov-liaison").get("sub");

	@Autowired
	NotificationRepository notifications;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> OWN);
		registry.add("parley.events.exchange", () -> OWN);
		registry.add("parley.notifications.events-queue", () -> OWN);
	}

	@Override
	protected String protectedPath() {
		return "/api/notifications";
	}

	@Test
	void givenEntriesForTwoPeople_whenReadingInbox_thenOnlyMineNewestFirstWithUnreadCount() throws Exception {
		String mineOld = "old " + UUID.randomUUID();
		String mineNew = "new " + UUID.randomUUID();
		String theirs = "theirs " + UUID.randomUUID();
		Instant now = Instant.now();
		long unreadBefore = unread(FakeKeycloak.get().token("gov-liaison"));
		this.notifications.save(entry(LIAISON, mineOld, now.minusSeconds(60), now));
		this.notifications.save(entry(LIAISON, mineNew, now, null));
		this.notifications.save(entry(PARTNER, theirs, now, null));

		String body = this.mvc
			.perform(get("/api/notifications?size=100").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].title").value(hasItem(mineNew)))
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(theirs))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<String> titles = JsonMapper.builder().build().readTree(body).get("items").findValuesAsString("title");
		assertThat(titles.indexOf(mineNew)).isLessThan(titles.indexOf(mineOld)).isNotNegative();

		assertThat(unread(FakeKeycloak.get().token("gov-liaison"))).isEqualTo(unreadBefore + 1);
	}

	@Test
	void givenPageSizeAboveLimit_whenReadingInbox_thenBadRequestProblem() throws Exception {
		this.mvc
			.perform(get("/api/notifications?size=1000").header(HttpHeaders.AUTHORIZATION,
					bearer("gov-liaison")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
	}

	private static String bearer(String fixture) {
		return "Bearer " + FakeKeycloak.get().token(fixture);
	}

	@Test
	void givenSomeoneElsesEntry_whenMarkingItRead_thenNotFoundAndStillUnread() throws Exception {
		Notification theirs = this.notifications.save(entry(PARTNER, "theirs", Instant.now(), null));

		this.mvc
			.perform(post("/api/notifications/" + theirs.id() + "/read").header(HttpHeaders.AUTHORIZATION,
					bearer("gov-liaison")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		this.mvc
			.perform(post("/api/notifications/" + UUID.randomUUID() + "/read").header(HttpHeaders.AUTHORIZATION,
					bearer("gov-liaison")))
			.andExpect(status().isNotFound());

		assertThat(this.notifications.findById(theirs.id()).orElseThrow().readAt()).isNull();
	}

	@Test
	void givenMyUnreadEntries_whenMarkingOneThenAllRead_thenUnreadCountFollows() throws Exception {
		String me = UUID.randomUUID().toString();
		String token = FakeKeycloak.get().token("host-admin");
		String host = (String) FakeKeycloak.claims("host-admin").get("sub");
		long before = unread(token);
		Notification first = this.notifications.save(entry(host, "one " + me, Instant.now(), null));
		this.notifications.save(entry(host, "two " + me, Instant.now(), null));
		assertThat(unread(token)).isEqualTo(before + 2);

		this.mvc.perform(post("/api/notifications/" + first.id() + "/read").header(HttpHeaders.AUTHORIZATION,
				"Bearer " + token))
			.andExpect(status().isNoContent());
		assertThat(unread(token)).isEqualTo(before + 1);
		assertThat(this.notifications.findById(first.id()).orElseThrow().readAt()).isNotNull();

		this.mvc.perform(post("/api/notifications/read-all").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isNoContent());
		assertThat(unread(token)).isZero();
	}

	@Test
	void givenMandatoryNotice_whenSwitchingItOff_thenUnprocessableProblemAndNothingChanges() throws Exception {
		this.mvc
			.perform(put("/api/notifications/preferences").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"timeZone\":\"Europe/Berlin\",\"channels\":{\"identity.member.access-expiring\":\"OFF\","
						+ "\"workspace.comment.posted\":\"OFF\"}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:mandatory-notice"));

		this.mvc
			.perform(get("/api/notifications/preferences").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.channels['identity.member.access-expiring']").value("EMAIL"))
			.andExpect(jsonPath("$.channels['workspace.comment.posted']").value("IN_APP"));
	}

	@Test
	void givenChoices_whenSaved_thenReadBackWithDefaultsForTheRest() throws Exception {
		this.mvc
			.perform(put("/api/notifications/preferences").header(HttpHeaders.AUTHORIZATION, bearer("partner-engineer"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"timeZone\":\"Europe/Berlin\",\"channels\":{\"workspace.comment.posted\":\"DIGEST\"}}"))
			.andExpect(status().isOk());

		this.mvc
			.perform(get("/api/notifications/preferences").header(HttpHeaders.AUTHORIZATION,
					bearer("partner-engineer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timeZone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.channels['workspace.comment.posted']").value("DIGEST"))
			.andExpect(jsonPath("$.channels['workspace.document.version-added']").value("EMAIL"));
	}

	@Test
	void givenUnknownNoticeType_whenSavingPreferences_thenBadRequestProblem() throws Exception {
		this.mvc
			.perform(put("/api/notifications/preferences").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"channels\":{\"workspace.nothing\":\"OFF\"}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
	}

	@Test
	void givenNoToken_whenOpeningTheStreamOrTheApiDescription_thenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/notifications/stream")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/notifications/openapi")).andExpect(status().isUnauthorized());
		this.mvc.perform(post("/api/notifications/read-all")).andExpect(status().isUnauthorized());
	}

	@Test
	void givenSignedInCaller_whenFetchingTheApiDescription_thenEveryEndpointIsDescribed() throws Exception {
		this.mvc.perform(get("/api/notifications/openapi").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/notifications'].get").exists())
			.andExpect(jsonPath("$.paths['/api/notifications/{id}/read'].post").exists())
			.andExpect(jsonPath("$.paths['/api/notifications/read-all'].post").exists())
			.andExpect(jsonPath("$.paths['/api/notifications/stream'].get").exists())
			.andExpect(jsonPath("$.paths['/api/notifications/preferences'].put").exists());
	}

	private long unread(String token) throws Exception {
		String body = this.mvc
			.perform(get("/api/notifications/unread-count").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return Long.parseLong(body.replaceAll("\\D", ""));
	}

	private static Notification entry(String recipient, String title, Instant createdAt, Instant readAt) {
		return new Notification(UUID.randomUUID(), UUID.randomUUID(), recipient, "workspace.document.version-added",
				title, "TLP:GREEN", "/#/workspaces/x", createdAt, readAt, 1, Notification.MailState.NONE, null);
	}

	/**
	 * Removes this run's exchange and queues from the broker. A bean that needs {@link AmqpAdmin} is destroyed after
	 * the listener containers have stopped and before the connection closes, so nothing declares them again.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnEventsRemoved {

		@Bean
		DisposableBean ownEventsRemoval(AmqpAdmin admin) {
			return () -> {
				admin.deleteQueue(OWN);
				admin.deleteQueue(OWN + ".dlq");
				admin.deleteExchange(OWN);
			};
		}

	}

}
