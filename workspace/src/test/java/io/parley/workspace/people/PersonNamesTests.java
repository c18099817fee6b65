package io.parley.workspace.people;

import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.workspace.DiscussionApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Names of members: taken from the {@code name} claim whenever a person calls the API, and from identity's
 * {@code MemberJoined} for those who have not called yet; {@code GET /api/workspaces/{id}} shows them.
 */
class PersonNamesTests extends DiscussionApiTest {

	@Autowired
	PersonNames names;

	@Test
	void givenMemberWhoCalledTheApiOnce_whenTheOwnerReadsTheWorkspace_thenTheMemberCarriesTheirName()
			throws Exception {
		UUID workspace = createWorkspace(unique("Names"));
		UUID person = UUID.randomUUID();
		String name = unique("Nova Newcomer");
		String token = tokenFor(person, name, "acme-security");
		addPerson(workspace, person, "acme-security", "READER");
		assertThat(member(workspace, person).has("name")).as("unknown before the first call").isFalse();

		this.mvc.perform(get("/api/workspaces").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk());

		assertThat(text(member(workspace, person), "name")).isEqualTo(name);
		assertThat(text(member(workspace, subjectOf("host-admin")), "name")).isEqualTo("Hana Host");
	}

	@Test
	void givenMemberJoinedTwiceAndARenameInTheToken_whenReadingTheName_thenTheTokensNameWins() throws Exception {
		UUID workspace = createWorkspace(unique("Joined"));
		UUID person = UUID.randomUUID();
		addPerson(workspace, person, "acme-security", "READER");
		EventEnvelope sample = EventSamples.envelope("identity.member.joined");
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), sample.type(), sample.occurredAt(),
				sample.producer(), person.toString(), 1, sample.data());
		MemberJoined joined = new MemberJoined(person, "acme-security", "VENDOR", "Jo Joiner", "jo@example.org");

		this.names.on(joined, envelope);
		assertThat(text(member(workspace, person), "name")).isEqualTo("Jo Joiner");

		this.mvc.perform(get("/api/workspaces").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenFor(person,
				"Jo Married-Name", "acme-security")))
			.andExpect(status().isOk());
		this.names.on(joined, envelope);

		assertThat(text(member(workspace, person), "name")).isEqualTo("Jo Married-Name");
	}

	@Test
	void givenNameWithControlAndFormatCharacters_whenKept_thenOnlyThePrintableTextRemains() {
		assertThat(PersonNames.clean("\u202eEve\u0000 Evil ")).isEqualTo("Eve Evil");
		assertThat(PersonNames.clean("x".repeat(500))).hasSize(PersonNames.NAME_MAX);
		assertThat(PersonNames.clean(null)).isEmpty();
	}

	private JsonNode member(UUID workspace, UUID person) throws Exception {
		return member(workspace, person.toString());
	}

	private JsonNode member(UUID workspace, String person) throws Exception {
		JsonNode body = JSON.readTree(this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		for (JsonNode member : body.get("members")) {
			if (text(member, "personId").equals(person)) {
				return member;
			}
		}
		throw new AssertionError("no member " + person + " in " + body);
	}

}
