package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.rollouts.RolloutsApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * "What we owe" for rollouts (ADR 0044) against the release pages: a release is in a person's list exactly when
 * the board shows it in a ring with their organisation among those it awaits a sign-off from, with the soak end
 * the release's page shows for that ring, overdue once that has passed. Compared over everything the person may
 * read (other tests share the database), before and after the soak ends and after the sign-off.
 */
class OwedSignOffTests extends RolloutsApiTest {

	private static final String OWED = "/api/rollouts/sign-offs/owed";

	private static final List<String> PEOPLE = List.of("host-engineer", "signer", "partner-engineer",
			"other-engineer", "gov-liaison", "outsider");

	@Test
	void givenRingsWaitingForSignOffs_whenEachPersonAsksWhatTheyOwe_thenItMatchesTheReleasePages() throws Exception {
		UUID workspace = standardWorkspace();
		UUID canary = inRing0(workspace, "SENSOR");
		assertListsMatchPages();
		assertThat(status("host-engineer", canary)).isEqualTo("due");

		UUID pilot = inRing0(workspace, "CONTENT_UPDATE");
		expect(201, report("acme-pipeline", pilot, 0, 500, 0, 0));
		expect(200, act("host-engineer", pilot, "rings/0/sign-offs", Map.of("decision", "GO")));
		this.clock.advance(hours(1));
		expect(200, act("partner-engineer", pilot, "advance"));
		assertListsMatchPages();
		assertThat(status("host-engineer", canary)).as("canary's soak of an hour has passed").isEqualTo("overdue");
		assertThat(status("host-engineer", pilot)).as("host said GO on ring 0; ring 1 needs beta-labs").isNull();
		assertThat(status("signer", pilot)).isEqualTo("due");
		assertThat(status("signer", canary)).isNull();

		expect(200, act("host-engineer", canary, "rings/0/sign-offs", Map.of("decision", "GO")));
		assertListsMatchPages();
		assertThat(status("host-engineer", canary)).isNull();
	}

	/** "due" or "overdue" when the release is in the person's list, else null. */
	private String status(String person, UUID release) throws Exception {
		for (String item : owed(person)) {
			if (item.startsWith(release + " ")) {
				return item.split(" ")[1];
			}
		}
		return null;
	}

	@Test
	void givenAnOrganisationAdminWhoIsNoMember_whenAskingForTheOrganisation_thenItsSignOffsWithoutProduct()
			throws Exception {
		UUID release = inRing0(standardWorkspace(), "SENSOR");

		JsonNode owed = JSON.readTree(this.mvc.perform(as("host-org-admin", get(OWED).param("scope", "organisation")))
			.andReturn()
			.getResponse()
			.getContentAsString());
		JsonNode item = null;
		for (JsonNode candidate : owed) {
			if (candidate.get("releaseId").asString().equals(release.toString())) {
				item = candidate;
			}
		}
		assertThat(item).as("host owes ring 0's go").isNotNull();
		assertThat(item.get("organisation").asString()).isEqualTo("host");
		assertThat(item.has("product")).as("product shown to someone who may not read the release").isFalse();
		assertThat(item.has("ringName")).isFalse();
		assertThat(owed("host-org-admin")).as("their own list: member of no workspace").isEmpty();
		assertThat(this.mvc.perform(as("host-engineer", get(OWED).param("scope", "organisation")))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(403);
	}

	private void assertListsMatchPages() throws Exception {
		for (String person : PEOPLE) {
			assertThat(owed(person)).as("sign-offs %s owes", person).isEqualTo(onReleasePages(person));
		}
	}

	/** "release-id due|overdue soak-end" of every item of the person's list. */
	private Set<String> owed(String person) throws Exception {
		Set<String> items = new HashSet<>();
		for (JsonNode item : read(person, OWED)) {
			items.add(item.get("releaseId").asString() + (item.get("overdue").asBoolean() ? " overdue " : " due ")
					+ item.get("soakEndsAt").asString());
		}
		return items;
	}

	/** The same from the board and each release's page, for the person's organisation. */
	private Set<String> onReleasePages(String person) throws Exception {
		String organisation = organisationOf(person);
		Instant now = now();
		Set<String> items = new HashSet<>();
		for (JsonNode card : read(person, RELEASES)) {
			if (!card.get("state").asString().equals("IN_RING")) {
				continue;
			}
			Set<String> awaiting = new HashSet<>();
			card.get("awaitingSignOff").forEach((value) -> awaiting.add(value.asString()));
			if (!awaiting.contains(organisation)) {
				continue;
			}
			JsonNode page = read(person, RELEASES + "/" + card.get("id").asString());
			String soakEndsAt = page.get("rings").get(page.get("currentRing").asInt()).get("soakEndsAt").asString();
			items.add(card.get("id").asString() + (now.isBefore(Instant.parse(soakEndsAt)) ? " due " : " overdue ")
					+ soakEndsAt);
		}
		return items;
	}

	private JsonNode read(String person, String path) throws Exception {
		return expect(200, this.mvc.perform(as(person, get(path))).andReturn().getResponse());
	}

}
