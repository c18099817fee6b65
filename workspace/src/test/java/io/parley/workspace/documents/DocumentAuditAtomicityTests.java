package io.parley.workspace.documents;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.audit.PendingEntry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 13, item 12: a document action's audit entry is written in the same write as the action. Here the chain
 * cannot be appended to at all (as after a crash right after the write): the actions still succeed, each leaves its
 * entry inside the document, and the next sweep puts every one of them on the chain.
 */
class DocumentAuditAtomicityTests extends DocumentApiTest {

	@MockitoSpyBean
	AuditTrail trail;

	@Autowired
	AuditOutbox outbox;

	@AfterEach
	void chainBack() {
		reset(this.trail);
	}

	@Test
	void givenTheChainUnreachableAfterEachWrite_whenChangingADocument_thenNoEntryIsLostAndTheSweepAppendsThem()
			throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		doThrow(new DataAccessResourceFailureException("audit chain unreachable")).when(this.trail)
			.append(argThat((PendingEntry entry) -> entry.action().startsWith("document.")));

		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "plan.txt", DocumentApiTests.bytes("the plan"));
		String path = "/api/workspaces/" + workspace + "/documents/" + id;
		this.mvc.perform(as("partner-engineer", json(put(path + "/label"),
				Map.of("label", "TLP:RED", "namedPeople", List.of(subjectOf("host-admin"))))))
			.andExpect(status().isOk());
		this.mvc.perform(as("host-admin", delete(path))).andExpect(status().isNoContent());

		Document stored = this.mongo.findById(id, Document.class, "documents");
		assertThat(stored.getList("_audit", Document.class)).extracting((entry) -> entry.getString("action"))
			.containsExactly("document.uploaded", "document.label-raised", "document.deleted");
		assertThat(documentActions(workspace, id)).isEmpty();

		reset(this.trail);
		this.outbox.sweep();

		assertThat(documentActions(workspace, id)).containsExactly("document.uploaded", "document.label-raised",
				"document.deleted");
		assertThat(this.mongo.findById(id, Document.class, "documents").getInteger("_auditCount")).isZero();
	}

	private List<String> documentActions(UUID workspace, UUID id) {
		return audit(workspace).stream()
			.filter((entry) -> entry.subject().equals(id.toString()))
			.map(AuditEntry::action)
			.filter((action) -> action.startsWith("document."))
			.toList();
	}

}
