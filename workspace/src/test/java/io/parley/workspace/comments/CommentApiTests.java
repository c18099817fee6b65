package io.parley.workspace.comments;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.DiscussionApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Comments: whoever may see the document reads and writes them; mentions keep only members who may see it; each
 * post holds its {@code CommentPosted} event and is audited.
 */
class CommentApiTests extends DiscussionApiTest {

	@Autowired
	AuditTrail trail;

	@Test
	void givenMentionsOfAViewerANonViewerAndANonMember_whenPosting_thenOnlyTheViewerIsKeptInCommentAndEvent()
			throws Exception {
		UUID workspace = redWorkspace(Map.of("doc-recipient", "READER", "partner-engineer", "CONTRIBUTOR"));
		UUID document = upload("host-admin", workspace, "TLP:RED", subjectOf("doc-recipient"));
		String recipient = subjectOf("doc-recipient");

		JsonNode comment = JSON.readTree(this.mvc
			.perform(as("host-admin", json(post(comments(workspace, document)),
					Map.of("text", "@Rita Recipient @Pat Partner @Otto Outsider please check section 2", "mentions",
							List.of(recipient, subjectOf("partner-engineer"), subjectOf("outsider"), recipient)))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.authorId").value(subjectOf("host-admin")))
			.andExpect(jsonPath("$.mentions").value(contains(recipient)))
			.andReturn()
			.getResponse()
			.getContentAsString());
		UUID id = UUID.fromString(text(comment, "id"));

		List<EventEnvelope> events = outbox("comments", id);
		assertThat(events).hasSize(1);
		EventEnvelope posted = events.get(0);
		assertThat(posted.type()).isEqualTo("workspace.comment.posted");
		assertThat(text(posted.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(posted.data(), "documentId")).isEqualTo(document.toString());
		assertThat(text(posted.data(), "commentId")).isEqualTo(id.toString());
		assertThat(text(posted.data(), "authorId")).isEqualTo(subjectOf("host-admin"));
		assertThat(posted.data().get("mentions").values()).extracting(JsonNode::asString).containsExactly(recipient);
		EventSamples.assertMatchesSample(posted, JSON);
		AuditEntry audited = this.trail.page(workspace, 0, 1).get(0);
		assertThat(audited.action()).isEqualTo("comment.posted");
		assertThat(audited.subject()).isEqualTo(id.toString());
		assertThat(audited.details()).containsEntry("mentions", recipient);
	}

	@Test
	void givenThreeComments_whenReadingPages_thenOldestFirstWithTotalAndAuthorNames() throws Exception {
		UUID workspace = redWorkspace(Map.of("gov-liaison", "READER"));
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		comment("host-admin", workspace, document, "First");
		comment("gov-liaison", workspace, document, "Second, from a reader");
		comment("host-admin", workspace, document, "Third");

		this.mvc.perform(as("gov-liaison", get(comments(workspace, document) + "?size=2")))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Total-Count", "3"))
			.andExpect(jsonPath("$[*].text").value(contains("First", "Second, from a reader")))
			.andExpect(jsonPath("$[0].authorName").value("Hana Host"))
			.andExpect(jsonPath("$[1].authorName").value("Gabriel Liaison"))
			.andExpect(jsonPath("$[0].mentions").isEmpty());
		this.mvc.perform(as("gov-liaison", get(comments(workspace, document) + "?page=1&size=2")))
			.andExpect(jsonPath("$[*].text").value(contains("Third")));
	}

	@Test
	void givenTextTooLongBlankOrWithControlCharacters_whenPosting_then400NamingTheFieldAndNothingStored()
			throws Exception {
		UUID workspace = redWorkspace(Map.of());
		UUID document = upload("host-admin", workspace, "TLP:GREEN");

		for (String text : List.of("x".repeat(CommentController.TEXT_MAX + 1), "  ", "bidi \u202e override")) {
			this.mvc.perform(as("host-admin", json(post(comments(workspace, document)), Map.of("text", text))))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
				.andExpect(jsonPath("$.detail").value(containsString("text: ")));
		}
		this.mvc
			.perform(as("host-admin", json(post(comments(workspace, document)), Map.of("text", "fine", "mentions",
					java.util.stream.Stream.generate(UUID::randomUUID).limit(51).toList()))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("mentions: ")));
		this.mvc
			.perform(as("host-admin",
					json(post(comments(workspace, document)), Map.of("text", "x".repeat(CommentController.TEXT_MAX)))))
			.andExpect(status().isCreated());

		assertThat(this.mongo.count(new Query(where("documentId").is(document)), "comments")).isEqualTo(1);
	}

	@Test
	void givenCommentOnAnotherWorkspacesDocument_whenReadThroughThisWorkspace_then404() throws Exception {
		UUID workspace = redWorkspace(Map.of());
		UUID other = redWorkspace(Map.of());
		UUID document = upload("host-admin", other, "TLP:GREEN");
		comment("host-admin", other, document, "Elsewhere");

		this.mvc.perform(as("host-admin", get(comments(workspace, document)))).andExpect(status().isNotFound());
		this.mvc.perform(as("host-admin", json(post(comments(workspace, document)), Map.of("text", "Crossing"))))
			.andExpect(status().isNotFound());
	}

	private void comment(String fixture, UUID workspace, UUID document, String text) throws Exception {
		this.mvc.perform(as(fixture, json(post(comments(workspace, document)), Map.of("text", text))))
			.andExpect(status().isCreated());
	}

	private static String comments(UUID workspace, UUID document) {
		return "/api/workspaces/" + workspace + "/documents/" + document + "/comments";
	}

}
