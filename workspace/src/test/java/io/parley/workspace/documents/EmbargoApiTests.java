package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.audit.AuditEntry;
import org.junit.jupiter.api.Test;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Embargoes over the API (ADR 0042): who may set, extend and cancel one, what is refused and how, what the list and
 * search show, and what happens when the clock passes T.
 */
class EmbargoApiTests extends EmbargoApiTest {

	private static final String PROBLEM = "urn:parley:problem:";

	@Test
	void givenStrictAdvisory_whenTheUploaderEmbargoesItToGreen_thenMembersWhoSeeItSeeTheEmbargoEverywhere()
			throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "advisory.txt", bytes("fix first"));
		Instant until = inHours(48);

		embargo("partner-engineer", workspace, id, until, "TLP:GREEN").andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.embargo.until").value(until.toString()))
			.andExpect(jsonPath("$.embargo.label").value("TLP:GREEN"))
			.andExpect(jsonPath("$.embargo.setBy").value(subjectOf("partner-engineer")));

		this.mvc.perform(as("doc-colleague", get(path(workspace, id))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.embargo.label").value("TLP:GREEN"));
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + workspace + "/documents")))
			.andExpect(jsonPath("$[?(@.id == '" + id + "')].embargo.until").value(until.toString()));
		this.mvc.perform(as("doc-colleague", get("/api/documents").param("q", "advisory")))
			.andExpect(jsonPath("$[?(@.id == '" + id + "')].embargo.label").value("TLP:GREEN"));
		// the liaison is outside the current audience: neither the document nor its embargo shows
		this.mvc.perform(as("gov-liaison", get(path(workspace, id)))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-liaison", get("/api/documents").param("q", "advisory")))
			.andExpect(jsonPath("$[?(@.id == '" + id + "')]").isEmpty());

		// setting it changes no label: no event, one audit entry, a new version of the document for conflicts
		assertThat(labelChanges(id)).isEmpty();
		assertThat(chain(workspace, id)).extracting(AuditEntry::action)
			.containsExactly("document.uploaded", "document.embargo-set");
		assertThat(chain(workspace, id).get(1).details()).containsEntry("until", until.toString())
			.containsEntry("label", "TLP:GREEN");
		assertThat(this.mongo.findById(id, StoredDocument.class).version()).isEqualTo(2);
	}

	@Test
	void givenEmbargo_whenTheClockPassesT_thenTheLabelWidensOnceWithItsEventAndAuditEntry() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "advisory.txt", bytes("fix first"));
		Instant until = inHours(2);
		embargo("partner-engineer", workspace, id, until, "TLP:GREEN").andExpect(status().isOk());

		CLOCK.advance(Duration.ofHours(2).minusSeconds(1));
		this.embargoes.applyDue();
		this.mvc.perform(as("gov-liaison", get(path(workspace, id)))).andExpect(status().isNotFound());

		CLOCK.advance(Duration.ofSeconds(1));
		assertThat(this.embargoes.applyDue()).isGreaterThanOrEqualTo(1);
		assertThat(this.embargoes.applyDue()).isZero();

		this.mvc.perform(as("gov-liaison", get(path(workspace, id))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:GREEN"))
			.andExpect(jsonPath("$.embargo").doesNotExist());
		List<EventEnvelope> changes = labelChanges(id);
		assertThat(changes).hasSize(1);
		EventEnvelope change = changes.get(0);
		EventSamples.assertMatchesSample(change, JSON);
		assertThat(text(change.data(), "from")).isEqualTo("TLP:AMBER+STRICT");
		assertThat(text(change.data(), "to")).isEqualTo("TLP:GREEN");
		assertThat(text(change.data(), "changedBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(change.aggregateVersion()).isEqualTo(3);
		List<AuditEntry> entries = chain(workspace, id);
		assertThat(entries).extracting(AuditEntry::action)
			.containsExactly("document.uploaded", "document.embargo-set", "document.label-lowered");
		assertThat(entries.get(2).actorId()).isEqualTo(subjectOf("partner-engineer"));
		assertThat(entries.get(2).details()).containsEntry("from", "TLP:AMBER+STRICT")
			.containsEntry("to", "TLP:GREEN")
			.containsEntry("embargoUntil", until.toString())
			.containsKey("widens");
	}

	@Test
	void givenRedDocument_whenTheEmbargoNamesMorePeople_thenAtTTheyAreNamedAndTheEventCarriesThem()
			throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:RED", "red.txt", bytes("eyes only"),
				subjectOf("doc-colleague"));
		embargo("partner-engineer", workspace, id, inHours(1), "TLP:RED", subjectOf("doc-colleague"),
				subjectOf("doc-recipient"))
			.andExpect(status().isOk());
		// who will be named is shown to those who see it now: they are all among the planned audience
		this.mvc.perform(as("doc-colleague", get(path(workspace, id))))
			.andExpect(jsonPath("$.embargo.namedPeople.length()").value(2));
		this.mvc.perform(as("doc-recipient", get(path(workspace, id)))).andExpect(status().isNotFound());

		CLOCK.advance(Duration.ofHours(1));
		this.embargoes.applyDue();

		this.mvc.perform(as("doc-recipient", get(path(workspace, id)))).andExpect(status().isOk());
		EventEnvelope change = labelChanges(id).get(0);
		assertThat(change.data().get("namedPeople").toString()).contains(subjectOf("doc-recipient"));
		assertThat(chain(workspace, id).get(2).details()).containsEntry("widens",
				"it names 1 person(s) who could not see it before");
	}

	@Test
	void givenAnEmbargoThatDoesNotWiden_whenSet_thenRefusedWithWhatToDo() throws Exception {
		UUID workspace = team();
		UUID strict = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));
		UUID amber = document("partner-engineer", workspace, "TLP:AMBER", "amber.txt", bytes("all"));

		embargo("partner-engineer", workspace, amber, inHours(1), "TLP:AMBER").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-not-wider"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("An embargo must widen")));
		embargo("partner-engineer", workspace, strict, inHours(1), "TLP:RED", subjectOf("doc-colleague"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-not-wider"));
		// lets the liaison in but leaves the uploader's colleague out: not only a widening
		embargo("partner-engineer", workspace, strict, inHours(1), "TLP:RED", subjectOf("gov-liaison"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-not-wider"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("would leave some of them out")));
		assertThat(this.mongo.findById(strict, StoredDocument.class).embargo()).isNull();
	}

	@Test
	void givenAmberCeiling_whenTheEmbargoEndsAboveIt_thenRefusedAsAboveTheCeiling() throws Exception {
		UUID workspace = workspace("TLP:AMBER", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "amber.txt", bytes("all"));

		embargo("partner-engineer", workspace, id, inHours(1), "TLP:RED", subjectOf("host-admin"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "label-above-ceiling"));
	}

	@Test
	void givenATimeThatHasPassed_whenSettingAnEmbargo_thenRefused() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));

		embargo("partner-engineer", workspace, id, CLOCK.instant().minusSeconds(1), "TLP:GREEN")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-in-past"));
		embargo("partner-engineer", workspace, id, CLOCK.instant(), "TLP:GREEN")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-in-past"));
		this.mvc
			.perform(as("partner-engineer",
					json(put(path(workspace, id) + "/embargo"), Map.of("label", "TLP:GREEN"))))
			.andExpect(status().isBadRequest());
	}

	@Test
	void givenWhoAsks_whenSettingAnEmbargo_thenOnlyTheUploaderOrAnOwnerMay() throws Exception {
		UUID workspace = team();
		workspace("TLP:RED", Map.of("doc-neighbour", "OWNER"));
		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "amber.txt", bytes("all"));
		String unknown = problem(this.mvc
			.perform(as("partner-engineer", get(path(workspace, UUID.randomUUID()))))
			.andReturn()
			.getResponse());

		embargo("gov-liaison", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isForbidden());
		embargo("doc-colleague", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Only the uploader or an owner")));
		for (String stranger : List.of("doc-neighbour", "outsider")) {
			assertThat(problem(embargo(stranger, workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isNotFound())
				.andReturn()
				.getResponse())).isEqualTo(unknown);
		}
		embargo("host-admin", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isOk());
		assertThat(audit(workspace)).filteredOn((entry) -> entry.subject().equals(id.toString()))
			.extracting(AuditEntry::action)
			.containsSubsequence("access.refused", "access.refused", "document.embargo-set");
	}

	@Test
	void givenAnEmbargo_whenAContributorChangesIt_thenLaterAndNarrowerIsAllowedButSoonerAndWiderIsNot()
			throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));
		Instant until = inHours(10);
		embargo("partner-engineer", workspace, id, until, "TLP:GREEN").andExpect(status().isOk());

		embargo("doc-colleague", workspace, id, until.minusSeconds(60), "TLP:GREEN").andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("bring its end forward")));
		embargo("doc-colleague", workspace, id, until, "TLP:CLEAR").andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("widen what it becomes")));
		embargo("gov-liaison", workspace, id, until.plusSeconds(60), "TLP:GREEN").andExpect(status().isNotFound());
		embargo("doc-colleague", workspace, id, until.plusSeconds(3600), "TLP:AMBER")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.embargo.label").value("TLP:AMBER"))
			.andExpect(jsonPath("$.embargo.setBy").value(subjectOf("doc-colleague")));
		// the uploader may bring it forward again and widen it
		embargo("partner-engineer", workspace, id, until, "TLP:CLEAR").andExpect(status().isOk());
		assertThat(chain(workspace, id)).extracting(AuditEntry::action)
			.containsSubsequence("document.embargo-set", "document.embargo-changed", "document.embargo-changed");
	}

	@Test
	void givenAnEmbargo_whenAContributorCancelsIt_thenTheLabelStaysWhenTPasses() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));
		embargo("partner-engineer", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isOk());

		cancel("gov-liaison", workspace, id).andExpect(status().isNotFound());
		cancel("doc-colleague", workspace, id).andExpect(status().isNoContent());
		cancel("doc-colleague", workspace, id).andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value(PROBLEM + "no-embargo"));

		CLOCK.advance(Duration.ofHours(1));
		this.embargoes.applyDue();
		this.mvc.perform(as("partner-engineer", get(path(workspace, id))))
			.andExpect(jsonPath("$.label").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.embargo").doesNotExist());
		assertThat(labelChanges(id)).isEmpty();
		assertThat(chain(workspace, id)).extracting(AuditEntry::action)
			.containsExactly("document.uploaded", "document.embargo-set", "document.embargo-cancelled");
	}

	@Test
	void givenAnEmbargo_whenTheLabelIsChangedByHand_thenRefusedUntilTheEmbargoIsCancelled() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));
		embargo("partner-engineer", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isOk());

		this.mvc.perform(as("partner-engineer", json(put(path(workspace, id) + "/label"), Map.of("label", "TLP:AMBER"))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-pending"));
		cancel("partner-engineer", workspace, id).andExpect(status().isNoContent());
		this.mvc.perform(as("partner-engineer", json(put(path(workspace, id) + "/label"), Map.of("label", "TLP:AMBER"))))
			.andExpect(status().isOk());
	}

	@Test
	void givenTHasPassedButNotYetApplied_whenExtendingOrCancelling_thenRefusedAsEnded() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme"));
		embargo("partner-engineer", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isOk());
		CLOCK.advance(Duration.ofHours(1));

		embargo("partner-engineer", workspace, id, inHours(5), "TLP:GREEN").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-ended"));
		cancel("partner-engineer", workspace, id).andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value(PROBLEM + "embargo-ended"));
		this.embargoes.applyDue();
		assertThat(this.mongo.findById(id, StoredDocument.class).label()).hasToString("GREEN");
	}

	@Test
	void givenAnEmbargoedDocumentDeleted_whenTPasses_thenNothingIsAppliedAndItCannotBeEmbargoed() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "amber.txt", bytes("all"));
		embargo("partner-engineer", workspace, id, inHours(1), "TLP:GREEN").andExpect(status().isOk());
		this.mvc.perform(as("host-admin", delete(path(workspace, id)))).andExpect(status().isNoContent());

		embargo("partner-engineer", workspace, id, inHours(2), "TLP:GREEN").andExpect(status().isNotFound());
		cancel("partner-engineer", workspace, id).andExpect(status().isNotFound());
		CLOCK.advance(Duration.ofHours(1));
		this.embargoes.applyDue();
		assertThat(labelChanges(id)).isEmpty();
		assertThat(this.mongo.findById(id, StoredDocument.class).label()).hasToString("AMBER");
	}

	@Test
	void givenOpenApi_whenFetched_thenTheEmbargoEndpointsAndFieldAreDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/documents/{documentId}/embargo'].put").exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/documents/{documentId}/embargo'].delete").exists())
			.andExpect(jsonPath("$.components.schemas.DocumentView.properties.embargo").exists());
	}

}
