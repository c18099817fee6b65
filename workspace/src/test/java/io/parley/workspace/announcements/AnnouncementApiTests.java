package io.parley.workspace.announcements;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.WorkspaceApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Announcements: owners post to their workspace within its label ceiling, portal admins to all workspaces or to
 * governments; each post holds its {@code AnnouncementPosted} event and is audited; readers see what their
 * workspaces and their organisation's type entitle them to.
 */
class AnnouncementApiTests extends WorkspaceApiTest {

	@Autowired
	AuditTrail trail;

	@Test
	void givenOwner_whenAnnouncingToTheWorkspace_thenStoredWithItsEventAndAudited() throws Exception {
		UUID workspace = createWorkspace(unique("News"));
		addMember(workspace, "gov-liaison", "READER");

		String body = this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/announcements"),
					Map.of("title", "Rings of 1%, 10%, 100%", "body", "From Monday on.\nAll partners.", "label",
							"TLP:GREEN"))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.audience").value("WORKSPACE"))
			.andExpect(jsonPath("$.workspaceId").value(workspace.toString()))
			.andExpect(jsonPath("$.label").value("TLP:GREEN"))
			.andExpect(jsonPath("$.postedBy").value(subjectOf("host-admin")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JSON.readTree(body).get("id").asString());

		List<EventEnvelope> events = announcementOutbox(id);
		assertThat(events).hasSize(1);
		EventEnvelope posted = events.get(0);
		assertThat(posted.type()).isEqualTo("workspace.announcement.posted");
		assertThat(posted.aggregateId()).isEqualTo(id.toString());
		assertThat(text(posted.data(), "announcementId")).isEqualTo(id.toString());
		assertThat(text(posted.data(), "audience")).isEqualTo("WORKSPACE");
		assertThat(text(posted.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(posted.data(), "title")).isEqualTo("Rings of 1%, 10%, 100%");
		assertThat(text(posted.data(), "label")).isEqualTo("TLP:GREEN");
		assertThat(text(posted.data(), "postedBy")).isEqualTo(subjectOf("host-admin"));
		EventSamples.assertMatchesSample(posted, JSON);
		AuditEntry audited = this.trail.page(workspace, 0, 1).get(0);
		assertThat(audited.action()).isEqualTo("announcement.posted");
		assertThat(audited.subject()).isEqualTo(id.toString());

		this.mvc.perform(as("gov-liaison", get("/api/workspaces/" + workspace + "/announcements")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].id").value(id.toString()))
			.andExpect(jsonPath("$.items[0].body").value("From Monday on.\nAll partners."));
	}

	@Test
	void givenLabelAboveTheCeiling_whenAnnouncing_thenUnprocessableAndNothingStored() throws Exception {
		UUID workspace = greenWorkspace();

		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/announcements"),
				Map.of("title", "Too hot", "body", "Not for this room", "label", "TLP:AMBER"))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:label-above-ceiling"))
			.andExpect(jsonPath("$.detail").value(containsString("TLP:GREEN")));
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/announcements"),
				Map.of("title", "Named only", "body", "RED has no broadcast audience", "label", "TLP:RED"))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:label-not-for-announcements"));

		assertThat(this.mongo.count(new Query(where("workspaceId").is(workspace)), "announcements")).isZero();
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/announcements")))
			.andExpect(jsonPath("$.total").value(0));
	}

	@Test
	void givenSeveralAnnouncements_whenReadingPages_thenNewestFirst() throws Exception {
		UUID workspace = createWorkspace(unique("Pages"));
		for (int i = 1; i <= 3; i++) {
			announce(workspace, "Update " + i);
		}

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/announcements?size=2")))
			.andExpect(jsonPath("$.total").value(3))
			.andExpect(jsonPath("$.items[*].title").value(contains("Update 3", "Update 2")));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/announcements?page=1&size=2")))
			.andExpect(jsonPath("$.items[*].title").value(contains("Update 1")));
	}

	@Test
	void givenGovernmentAnnouncement_whenVendorAndGovernmentReadTheirs_thenOnlyGovernmentSeesIt() throws Exception {
		UUID workspace = createWorkspace(unique("Shared"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		addMember(workspace, "gov-liaison", "READER");
		String government = unique("Briefing for governments");
		String everyone = unique("Maintenance window");

		UUID governmentId = postGlobally("GOVERNMENT", government);
		postGlobally("ALL_WORKSPACES", everyone);

		this.mvc.perform(as("partner-engineer", get("/api/announcements?size=100")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(government))))
			.andExpect(jsonPath("$.items[*].title").value(hasItem(everyone)));
		this.mvc.perform(as("gov-liaison", get("/api/announcements?size=100")))
			.andExpect(jsonPath("$.items[*].title").value(hasItem(government)))
			.andExpect(jsonPath("$.items[*].title").value(hasItem(everyone)));
		// someone in no workspace at all hears of neither
		this.mvc.perform(as("vendor-auditor", get("/api/announcements?size=100")))
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(everyone))))
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(government))));

		List<EventEnvelope> events = announcementOutbox(governmentId);
		assertThat(events).hasSize(1);
		assertThat(text(events.get(0).data(), "audience")).isEqualTo("GOVERNMENT");
		assertThat(events.get(0).data().get("workspaceId").isNull()).isTrue();
		EventSamples.assertMatchesSample(events.get(0), JSON);
		AuditEntry audited = this.trail.page(AuditTrail.PORTAL, 0, 5)
			.stream()
			.filter((entry) -> entry.subject().equals(governmentId.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(audited.action()).isEqualTo("announcement.posted");
		this.mvc.perform(as("auditor", get("/api/workspaces/" + AuditTrail.PORTAL + "/audit/verify")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(true));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + AuditTrail.PORTAL + "/audit")))
			.andExpect(status().isNotFound());
	}

	@Test
	void givenWorkspaceAnnouncement_whenListingWhatICanSee_thenOnlyItsMembersSeeIt() throws Exception {
		UUID workspace = createWorkspace(unique("Members only"));
		addMember(workspace, "gov-liaison", "READER");
		String title = unique("Members only news");
		announce(workspace, title);

		this.mvc.perform(as("gov-liaison", get("/api/announcements?size=100")))
			.andExpect(jsonPath("$.items[*].title").value(hasItem(title)));
		this.mvc.perform(as("outsider", get("/api/announcements?size=100")))
			.andExpect(jsonPath("$.items[*].title").value(not(hasItem(title))));
	}

	@Test
	void givenNonAdmins_whenAnnouncingGlobally_thenForbiddenAndNothingStored() throws Exception {
		String title = unique("Not mine to say");
		for (String fixture : List.of("partner-engineer", "gov-liaison", "auditor")) {
			this.mvc.perform(as(fixture, json(post("/api/announcements"),
					Map.of("audience", "ALL_WORKSPACES", "title", title, "body", "b", "label", "TLP:CLEAR"))))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"));
		}
		this.mvc.perform(post("/api/announcements")).andExpect(status().isUnauthorized());
		assertThat(this.mongo.count(new Query(where("title").is(title)), "announcements")).isZero();
	}

	@Test
	void givenInvalidAnnouncements_whenPosting_thenBadRequestNamingTheFields() throws Exception {
		UUID workspace = createWorkspace(unique("Validation"));
		String path = "/api/workspaces/" + workspace + "/announcements";

		this.mvc.perform(as("host-admin", json(post(path), Map.of("title", " ", "body", "b", "label", "TLP:CLEAR"))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("title")));
		this.mvc.perform(as("host-admin", json(post(path),
				Map.of("title", "line\nbreak", "body", "b\u202Eevil", "label", "TLP:CLEAR"))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("title")))
			.andExpect(jsonPath("$.detail").value(containsString("body")));
		this.mvc.perform(as("host-admin", json(post(path), Map.of("title", "t", "body", "b"))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("label")));
		this.mvc.perform(as("host-admin", json(post("/api/announcements"),
				Map.of("audience", "WORKSPACE", "title", "t", "body", "b", "label", "TLP:CLEAR"))))
			.andExpect(status().isBadRequest());
		this.mvc.perform(as("host-admin", get(path + "?size=101")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("size")));
	}

	private UUID greenWorkspace() throws Exception {
		String body = this.mvc
			.perform(as("host-admin", json(post("/api/workspaces"),
					Map.of("name", unique("Green"), "purpose", "", "labelCeiling", "TLP:GREEN"))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	private void announce(UUID workspace, String title) throws Exception {
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/announcements"),
				Map.of("title", title, "body", "Details", "label", "TLP:CLEAR"))))
			.andExpect(status().isCreated());
	}

	private UUID postGlobally(String audience, String title) throws Exception {
		String body = this.mvc
			.perform(as("host-admin", json(post("/api/announcements"),
					Map.of("audience", audience, "title", title, "body", "Details", "label", "TLP:GREEN"))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.audience").value(audience))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	private List<EventEnvelope> announcementOutbox(UUID announcement) {
		Document document = this.mongo.findById(announcement, Document.class, "announcements");
		assertThat(document).isNotNull();
		return document.getList("_outbox", Document.class, List.of())
			.stream()
			.map((entry) -> JSON.readValue(entry.getString("body"), EventEnvelope.class))
			.toList();
	}

}
