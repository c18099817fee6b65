package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.ResourceServerContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The resource-server contract on notifications, plus whose inbox a caller sees. */
class InboxApiTests extends ResourceServerContract {

	private static final String PARTNER = (String) FakeKeycloak.claims("partner-engineer").get("sub");

	private static final String LIAISON = (String) FakeKeycloak.claims("gov-liaison").get("sub");

	@Autowired
	NotificationRepository notifications;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
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
		this.notifications.save(entry(LIAISON, mineOld, now.minusSeconds(60), now));
		this.notifications.save(entry(LIAISON, mineNew, now, null));
		this.notifications.save(entry(PARTNER, theirs, now, null));

		this.mvc.perform(get("/api/notifications").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].title").value(hasItem(mineNew)))
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(theirs))))
			.andExpect(jsonPath("$.items[0].title").value(mineNew))
			.andExpect(jsonPath("$.items[1].title").value(mineOld));

		this.mvc
			.perform(get("/api/notifications/unread-count").header(HttpHeaders.AUTHORIZATION,
					bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.unread").value(1));
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

	private static Notification entry(String recipient, String title, Instant createdAt, Instant readAt) {
		return new Notification(UUID.randomUUID(), recipient, "DocumentVersionAdded", title, "/workspaces/x",
				createdAt, readAt);
	}

}
