package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.test.MutableClock;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.Mockito.reset;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Embargo tests: time from {@link EmbargoClock}, which only the tests move; the context's own poll is an hour
 * apart, so a test applies due embargoes itself ({@link Embargoes#applyDue}) or races instances it started. The
 * audit chain is a spy, so that a test can make it unreachable (as after a crash right after a write).
 */
@Import(EmbargoClock.class)
@TestPropertySource(properties = "parley.workspace.documents.embargo-poll-interval=1h")
abstract class EmbargoApiTest extends DocumentApiTest {

	protected static final MutableClock CLOCK = EmbargoClock.CLOCK;

	@Autowired
	protected Embargoes embargoes;

	@MockitoSpyBean
	protected AuditTrail trail;

	/** The chain back, and no embargo outliving its test: a later test's clock would otherwise end it. */
	@AfterEach
	void chainBackAndNoEmbargoLeft() {
		reset(this.trail);
		this.mongo.updateMulti(new Query(where("embargo").exists(true)), new Update().unset("embargo"),
				StoredDocument.class);
	}

	protected static Instant inHours(long hours) {
		return CLOCK.instant().plus(Duration.ofHours(hours));
	}

	protected static String path(UUID workspace, UUID document) {
		return "/api/workspaces/" + workspace + "/documents/" + document;
	}

	/** {@code PUT …/embargo}: until {@code until}, then {@code label} naming {@code named} (people or organisations). */
	protected ResultActions embargo(String fixture, UUID workspace, UUID document, Instant until, String label,
			String... named) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("until", until.toString());
		body.put("label", label);
		if (named.length > 0) {
			body.put(label.equals("TLP:RED") ? "namedPeople" : "namedOrganisations", List.of(named));
		}
		return this.mvc.perform(as(fixture, json(put(path(workspace, document) + "/embargo"), body)));
	}

	protected ResultActions cancel(String fixture, UUID workspace, UUID document) throws Exception {
		return this.mvc.perform(as(fixture, delete(path(workspace, document) + "/embargo")));
	}

	protected List<EventEnvelope> labelChanges(UUID document) {
		return documentOutbox(document).stream()
			.filter((event) -> event.type().equals("workspace.document.label-changed"))
			.toList();
	}

	/**
	 * The document's entries on its workspace's chain (not those still waiting inside the document), without the
	 * refusals of those who asked for it outside its audience.
	 */
	protected List<AuditEntry> chain(UUID workspace, UUID document) {
		return audit(workspace).stream()
			.filter((entry) -> entry.subject().equals(document.toString()))
			.filter((entry) -> !entry.action().equals("access.refused"))
			.toList();
	}

	/** A workspace with ceiling RED: partner-engineer and doc-colleague (acme-security) contribute, gov-liaison and
	 * doc-recipient (gov-cert) read. */
	protected UUID team() throws Exception {
		return workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-colleague", "CONTRIBUTOR",
				"gov-liaison", "READER", "doc-recipient", "READER"));
	}

}
