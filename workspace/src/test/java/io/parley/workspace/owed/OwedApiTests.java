package io.parley.workspace.owed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.workspace.DiscussionApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * "What we owe" (ADR 0044) against what the per-document pages say: every acknowledgement request a person's list
 * holds, with its overdue flag, is exactly one the document's own acknowledgement list shows them with their
 * organisation's status not acknowledged, and every embargo ending within the week is one the workspace's
 * document list shows. Counted over all the caller's workspaces (other tests share the database), so the lists
 * are compared whole, not only this test's items.
 */
class OwedApiTests extends DiscussionApiTest {

	private static final String ACKNOWLEDGEMENTS = "/api/documents/acknowledgement-requests/owed";

	private static final String EMBARGOES = "/api/documents/embargoes/ending";

	private final List<UUID> embargoed = new ArrayList<>();

	/** No embargo outlives its test: a test elsewhere with a clock moved forward would end it. */
	@AfterEach
	void cancelEmbargoes() {
		for (UUID document : this.embargoed) {
			this.mongo.updateFirst(new Query(where("_id").is(document)), new Update().unset("embargo"), "documents");
		}
	}

	@Test
	void givenRequestsAcknowledgedOverdueAndDue_whenEachPersonAsksWhatTheyOwe_thenItMatchesTheDocumentPages()
			throws Exception {
		Fixture fixture = fixture();

		for (String person : List.of("partner-engineer", "doc-colleague", "gov-liaison", "doc-recipient",
				"host-admin", "neighbour")) {
			assertThat(owedAcknowledgements(person, null)).as("acknowledgements %s owes", person)
				.isEqualTo(acknowledgementsOnDocumentPages(person));
			assertThat(endingEmbargoes(person, null)).as("embargoes %s sees ending", person)
				.isEqualTo(embargoesOnDocumentLists(person));
		}
		// and the lists are not trivially equal: this test's own items are where they belong
		assertThat(owedAcknowledgements("partner-engineer", null)).contains(fixture.greenDue + " due",
				fixture.overdue + " overdue")
			.doesNotContain(fixture.greenAcknowledged + " due", fixture.red + " due");
		assertThat(owedAcknowledgements("gov-liaison", null)).contains(fixture.greenDue + " due")
			.doesNotContain(fixture.red + " due");
		assertThat(owedAcknowledgements("doc-recipient", null)).contains(fixture.red + " due");
		assertThat(endingEmbargoes("partner-engineer", null)).contains(fixture.strict.toString())
			.doesNotContain(fixture.later.toString());
		assertThat(endingEmbargoes("gov-liaison", null)).doesNotContain(fixture.strict.toString());
	}

	@Test
	void givenAnOrganisationAdminOutsideTheWorkspace_whenAskingForTheOrganisation_thenItsItemsWithoutTitles()
			throws Exception {
		Fixture fixture = fixture();

		JsonNode owed = body(this.mvc.perform(as("acme-admin", get(ACKNOWLEDGEMENTS + "?scope=organisation")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		JsonNode due = item(owed, "requestId", fixture.greenDue);
		assertThat(due).as("GREEN request owed by acme-security").isNotNull();
		assertThat(due.has("title")).as("title shown to someone who may not open the document").isFalse();
		assertThat(due.has("workspaceName")).isFalse();
		assertThat(text(due, "organisation")).isEqualTo("acme-security");
		assertThat(item(owed, "requestId", fixture.overdue).get("overdue").asBoolean()).isTrue();
		assertThat(item(owed, "requestId", fixture.greenAcknowledged)).as("acknowledged by a colleague").isNull();
		assertThat(item(owed, "requestId", fixture.red)).as("RED: gov-cert's, and people only").isNull();
		assertThat(owedAcknowledgements("acme-admin", null)).as("their own: member of no workspace").isEmpty();

		JsonNode ending = body(this.mvc.perform(as("acme-admin", get(EMBARGOES + "?scope=organisation")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		JsonNode strict = item(ending, "documentId", fixture.strict);
		assertThat(strict).as("AMBER+STRICT of acme-security's uploader").isNotNull();
		assertThat(strict.has("title")).isFalse();
		assertThat(text(strict, "becomes")).isEqualTo("TLP:GREEN");
		assertThat(item(ending, "documentId", fixture.later)).as("ends in ten days").isNull();
		assertThat(item(body(this.mvc.perform(as("acme-admin", get(EMBARGOES + "?scope=organisation&days=10")))
			.andReturn()
			.getResponse()
			.getContentAsString()), "documentId", fixture.later)).isNotNull();

		// a member who sees the document gets the title in the organisation's list as in their own
		JsonNode mine = item(body(this.mvc.perform(as("partner-engineer", get(ACKNOWLEDGEMENTS)))
			.andReturn()
			.getResponse()
			.getContentAsString()), "requestId", fixture.greenDue);
		assertThat(mine.has("title")).isTrue();
	}

	@Test
	void givenNoAdminRoleOrAnUnknownScope_whenAsking_thenRefusedInWords() throws Exception {
		for (String path : List.of(ACKNOWLEDGEMENTS, EMBARGOES)) {
			JsonNode forbidden = body(this.mvc.perform(as("partner-engineer", get(path + "?scope=organisation")))
				.andExpect(status().isForbidden())
				.andReturn()
				.getResponse()
				.getContentAsString());
			assertThat(text(forbidden, "detail")).contains("administrators").contains("scope=organisation");
			JsonNode invalid = body(this.mvc.perform(as("acme-admin", get(path + "?scope=everyone")))
				.andExpect(status().isBadRequest())
				.andReturn()
				.getResponse()
				.getContentAsString());
			assertThat(text(invalid, "detail")).startsWith("scope: either mine");
			this.mvc.perform(get(path)).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(as("partner-engineer", get(EMBARGOES + "?days=32"))).andExpect(status().isBadRequest());
	}

	/**
	 * A workspace: owner host-admin (host); partner-engineer and doc-colleague (acme-security), contributors;
	 * gov-liaison and doc-recipient (gov-cert), readers. Requests: GREEN naming acme-security and gov-cert (due),
	 * GREEN naming acme-security acknowledged by doc-colleague, GREEN naming acme-security whose deadline passed,
	 * RED naming gov-cert (doc-recipient named). Embargoes: an AMBER+STRICT document of partner-engineer's becoming
	 * GREEN in three days, and one in ten days.
	 */
	private Fixture fixture() throws Exception {
		UUID workspace = redWorkspace(Map.of("partner-engineer", "CONTRIBUTOR", "doc-colleague", "CONTRIBUTOR",
				"gov-liaison", "READER", "doc-recipient", "READER"));
		UUID green = upload("partner-engineer", workspace, "TLP:GREEN");
		UUID red = upload("host-admin", workspace, "TLP:RED", subjectOf("doc-recipient"));
		Fixture fixture = new Fixture();
		fixture.greenDue = request(workspace, green, List.of("acme-security", "gov-cert"));
		fixture.greenAcknowledged = request(workspace, green, List.of("acme-security"));
		this.mvc.perform(as("doc-colleague", post(base(workspace, green) + "/acknowledgement-requests/"
				+ fixture.greenAcknowledged + "/acknowledge"))).andExpect(status().isNoContent());
		fixture.overdue = request(workspace, green, List.of("acme-security"));
		this.mongo.updateFirst(new Query(where("_id").is(fixture.overdue)),
				new Update().set("deadline", Instant.now().minus(Duration.ofHours(1))), "acknowledgement_requests");
		fixture.red = request(workspace, red, List.of("gov-cert"));
		fixture.strict = upload("partner-engineer", workspace, "TLP:AMBER+STRICT");
		fixture.later = upload("partner-engineer", workspace, "TLP:AMBER+STRICT");
		embargo(workspace, fixture.strict, Duration.ofDays(3));
		embargo(workspace, fixture.later, Duration.ofDays(10));
		return fixture;
	}

	private static final class Fixture {

		UUID greenDue;

		UUID greenAcknowledged;

		UUID overdue;

		UUID red;

		UUID strict;

		UUID later;

	}

	private void embargo(UUID workspace, UUID document, Duration in) throws Exception {
		this.embargoed.add(document);
		this.mvc.perform(as("partner-engineer", json(put(base(workspace, document) + "/embargo"),
				Map.of("until", Instant.now().plus(in).toString(), "label", "TLP:GREEN"))))
			.andExpect(status().isOk());
	}

	private UUID request(UUID workspace, UUID document, List<String> organisations) throws Exception {
		String body = this.mvc
			.perform(as("host-admin", json(post(base(workspace, document) + "/acknowledgement-requests"),
					Map.of("version", 1, "organisations", organisations, "deadline",
							Instant.now().plus(Duration.ofDays(3)).toString()))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	/** "request-id due|overdue" of every item of the caller's owed list. */
	private Set<String> owedAcknowledgements(String person, String scope) throws Exception {
		Set<String> items = new HashSet<>();
		for (JsonNode item : getJson(person, ACKNOWLEDGEMENTS + ((scope != null) ? "?scope=" + scope : ""))) {
			items.add(text(item, "requestId") + (item.get("overdue").asBoolean() ? " overdue" : " due"));
		}
		return items;
	}

	/**
	 * The same, from the pages a person opens: every document of every workspace of theirs, its acknowledgement
	 * requests, and their organisation's status there.
	 */
	private Set<String> acknowledgementsOnDocumentPages(String person) throws Exception {
		Set<String> items = new HashSet<>();
		for (JsonNode workspace : getJson(person, "/api/workspaces")) {
			String id = text(workspace, "id");
			String organisation = organisationIn(person, id);
			for (JsonNode document : getJson(person, "/api/workspaces/" + id + "/documents")) {
				for (JsonNode request : getJson(person,
						"/api/workspaces/" + id + "/documents/" + text(document, "id") + "/acknowledgement-requests")) {
					for (JsonNode status : request.get("organisations")) {
						if (text(status, "organisation").equals(organisation) && status.get("acknowledgements").isEmpty()) {
							items.add(text(request, "id") + (status.get("overdue").asBoolean() ? " overdue" : " due"));
						}
					}
				}
			}
		}
		return items;
	}

	private Set<String> endingEmbargoes(String person, String scope) throws Exception {
		Set<String> items = new HashSet<>();
		for (JsonNode item : getJson(person, EMBARGOES + ((scope != null) ? "?scope=" + scope : ""))) {
			items.add(text(item, "documentId"));
		}
		return items;
	}

	/** Documents of the person's workspaces whose list entry shows an embargo ending within seven days. */
	private Set<String> embargoesOnDocumentLists(String person) throws Exception {
		Instant now = Instant.now();
		Set<String> items = new HashSet<>();
		for (JsonNode workspace : getJson(person, "/api/workspaces")) {
			for (JsonNode document : getJson(person, "/api/workspaces/" + text(workspace, "id") + "/documents")) {
				JsonNode embargo = document.get("embargo");
				if (embargo != null && !embargo.isNull()) {
					Instant until = Instant.parse(text(embargo, "until"));
					if (until.isAfter(now) && !until.isAfter(now.plus(Duration.ofDays(7)))) {
						items.add(text(document, "id"));
					}
				}
			}
		}
		return items;
	}

	/** The organisation the workspace records for the person (the one their acknowledgements count for). */
	private String organisationIn(String person, String workspace) throws Exception {
		for (JsonNode member : getJson(person, "/api/workspaces/" + workspace).get("members")) {
			if (text(member, "personId").equals(subjectOf(person))) {
				return text(member, "organisation");
			}
		}
		throw new AssertionError(person + " is not a member of " + workspace);
	}

	private JsonNode getJson(String person, String path) throws Exception {
		return body(this.mvc.perform(as(person, get(path)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private static JsonNode body(String json) {
		return JSON.readTree(json);
	}

	private static JsonNode item(JsonNode list, String field, UUID id) {
		for (JsonNode item : list) {
			if (text(item, field).equals(id.toString())) {
				return item;
			}
		}
		return null;
	}

	private static String base(UUID workspace, UUID document) {
		return "/api/workspaces/" + workspace + "/documents/" + document;
	}

}
