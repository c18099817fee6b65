package io.parley.workspace.documents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.labels.Audience;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.PendingEntry;
import io.parley.workspace.documents.DocumentViews.EmbargoRequest;
import io.parley.workspace.documents.Documents.Access;
import io.parley.workspace.documents.StoredDocument.Embargo;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspaces;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Embargoes (ADR 0042): "until T keep this label; at T become that wider one". Setting one, bringing its end
 * forward or widening what it becomes is a widening, so only the uploader or an owner may; moving the end later,
 * narrowing what it becomes (still wider than now) or cancelling it is open to contributors too. Each is one write
 * conditional on the document's version, with its audit entry inside it.
 * <p>
 * At T every instance may find the embargo due; each tries the same relabel ({@link Documents#relabel}),
 * conditional on the version it read and on the embargo still being due. The database applies only the first of
 * them: one label change, one {@code DocumentLabelChanged}, one audit entry, written together. An instance that
 * stops before its write leaves the embargo due for the next poll of any instance, one that stops after it leaves
 * at most the audit entry inside the document for the audit sweep (ADR 0028).
 */
@Service
class Embargoes {

	private static final Logger log = LoggerFactory.getLogger(Embargoes.class);

	private final Documents documents;

	private final MongoTemplate mongo;

	private final Workspaces workspaces;

	private final AuditOutbox pending;

	Embargoes(Documents documents, MongoTemplate mongo, Workspaces workspaces, AuditOutbox pending) {
		this.documents = documents;
		this.mongo = mongo;
		this.workspaces = workspaces;
		this.pending = pending;
	}

	/** Sets the document's embargo, or changes the one it has. */
	Access set(Caller caller, UUID workspaceId, UUID documentId, EmbargoRequest request) {
		Access access = this.documents.access(caller, workspaceId, documentId, "embargo");
		String subject = documentId.toString();
		this.documents.requireContributor(caller, workspaceId, access.member(), "embargo", subject);
		StoredDocument document = access.document();
		Workspace workspace = access.workspace();
		Instant now = this.documents.now();
		Embargo current = document.embargo();
		requireNotEnded(current, now);
		if (request.until() == null || request.label() == null) {
			throw DocumentProblem.invalid("until and label: both are required (until as an ISO-8601 instant).");
		}
		// Mongo keeps milliseconds: the answer, the audit entry and the stored embargo say the same instant
		Instant until = request.until().truncatedTo(ChronoUnit.MILLIS);
		if (!until.isAfter(now)) {
			throw DocumentProblem.embargoInPast("The embargo must end in the future; " + until
					+ " has passed (it is " + now + " now). Choose a later time.");
		}
		Audience planned = Documents.audience(request.label(), Documents.strings(request.namedPeople()),
				(request.namedOrganisations() != null) ? request.namedOrganisations() : List.of(),
				document.uploadedBy(), document.uploaderOrganisationId(), workspace);
		Audience audience = Audiences.of(document);
		List<String> widensAtEnd = this.documents.widening(workspace, audience, planned);
		if (widensAtEnd.isEmpty()) {
			throw DocumentProblem.embargoNotWider("An embargo must widen who can see the document, and "
					+ planned.label().value() + named(planned) + " lets nobody see it who cannot see it now under "
					+ audience.label().value() + ". Choose a lower label, or name more people or organisations.");
		}
		if (!this.documents.widening(workspace, planned, audience).isEmpty()) {
			throw DocumentProblem.embargoNotWider("An embargo only widens who can see the document: everyone who "
					+ "can see it now must still see it when the embargo ends, and " + planned.label().value()
					+ named(planned) + " would leave some of them out. If it should also narrow, change the label now.");
		}
		List<String> widens = widens(current, until, planned, workspace, document);
		if (!widens.isEmpty() && !Documents.mayWiden(caller, access)) {
			throw this.documents.refused(workspaceId, caller, "embargo", subject,
					"widening by non-owner: " + String.join("; ", widens),
					Problem.forbidden("Only the uploader or an owner may set an embargo, bring its end forward or "
							+ "widen what the document becomes, and this change would " + String.join("; ", widens)
							+ ". You may move the end later or cancel the embargo."));
		}
		Embargo embargo = new Embargo(until, planned.label(), Documents.sorted(planned.namedPeople()),
				Documents.sorted(planned.namedOrganisations()), caller.id(), now);
		Map<String, String> facts = facts(embargo);
		facts.put("widensAtEnd", String.join("; ", widensAtEnd));
		if (current != null) {
			facts.put("previousUntil", current.until().toString());
			facts.put("previousLabel", current.label().value());
		}
		if (!widens.isEmpty()) {
			facts.put("widens", String.join("; ", widens));
		}
		Document stored = new Document();
		this.mongo.getConverter().write(embargo, stored);
		stored.remove("_class");
		write(document, new Update().set("embargo", stored),
				this.pending.entry(workspaceId, caller.id(),
						(current == null) ? "document.embargo-set" : "document.embargo-changed", subject, facts));
		log.info("Embargo on document {} of workspace {} {} by {}: until {}, then {}", documentId, workspaceId,
				(current == null) ? "set" : "changed", caller.id(), until, planned.label().value());
		return new Access(workspace, access.member(), this.mongo.findById(documentId, StoredDocument.class));
	}

	/** Cancels the embargo: the label stays as it is. Not a widening, so contributors may. */
	void cancel(Caller caller, UUID workspaceId, UUID documentId) {
		Access access = this.documents.access(caller, workspaceId, documentId, "cancel-embargo");
		this.documents.requireContributor(caller, workspaceId, access.member(), "cancel-embargo",
				documentId.toString());
		StoredDocument document = access.document();
		Embargo current = document.embargo();
		if (current == null) {
			throw DocumentProblem.noEmbargo();
		}
		requireNotEnded(current, this.documents.now());
		write(document, new Update().unset("embargo"), this.pending.entry(workspaceId, caller.id(),
				"document.embargo-cancelled", documentId.toString(), facts(current)));
		log.info("Embargo on document {} of workspace {} cancelled by {}", documentId, workspaceId, caller.id());
	}

	/**
	 * Applies every embargo whose end has come, on every instance every {@code embargo-poll-interval}; whichever
	 * instance writes first applies it, the others find it applied.
	 *
	 * @return how many this instance applied
	 */
	@Scheduled(fixedDelayString = "${parley.workspace.documents.embargo-poll-interval:5s}")
	int applyDue() {
		Instant now = this.documents.now();
		int applied = 0;
		for (StoredDocument document : this.mongo.find(
				new Query(where("deleted").is(false).and("embargo.until").lte(now)), StoredDocument.class)) {
			try {
				if (apply(document, now)) {
					applied++;
				}
			}
			catch (RuntimeException ex) {
				// the embargo stays due: the next poll (of this or another instance) tries again
				log.warn("Embargo on document {} not applied yet: {}", document.id(), ex.toString());
			}
		}
		return applied;
	}

	/**
	 * The end of one due embargo as the relabel its setter asked for: conditional on the version read and on the
	 * embargo still being due, so that of several instances only one applies it. False when another did.
	 */
	boolean apply(StoredDocument document, Instant now) {
		Embargo embargo = document.embargo();
		if (embargo == null || embargo.until().isAfter(now)) {
			return false;
		}
		Workspace workspace = this.workspaces.find(document.workspaceId()).orElseThrow();
		Audience planned = Audience.of(embargo.label(), document.uploadedBy(), document.uploaderOrganisationId(),
				embargo.namedPeople(), embargo.namedOrganisations());
		Query due = Documents.sameVersion(document).addCriteria(where("embargo.until").lte(now));
		boolean applied = this.documents.relabel(due, document, planned,
				this.documents.widening(workspace, Audiences.of(document), planned), embargo.setBy(),
				new Update().unset("embargo"),
				Map.of("embargoUntil", embargo.until().toString(), "embargoSetAt", embargo.setAt().toString()));
		if (applied) {
			log.info("Embargo on document {} of workspace {} ended at {}: {} -> {}", document.id(),
					document.workspaceId(), embargo.until(), document.label().value(), embargo.label().value());
		}
		return applied;
	}

	/**
	 * Why this change of the embargo lets someone read, or read sooner, who would not otherwise: a new embargo
	 * always does (its end widens), an earlier end does, and so does a planned audience wider than the planned one.
	 */
	private List<String> widens(@Nullable Embargo current, Instant until, Audience planned, Workspace workspace,
			StoredDocument document) {
		if (current == null) {
			return List.of("let more people see it at its end");
		}
		List<String> reasons = new ArrayList<>();
		if (until.isBefore(current.until())) {
			reasons.add("bring its end forward from " + current.until() + " to " + until);
		}
		Audience before = Audience.of(current.label(), document.uploadedBy(), document.uploaderOrganisationId(),
				current.namedPeople(), current.namedOrganisations());
		for (String reason : this.documents.widening(workspace, before, planned)) {
			reasons.add("widen what it becomes: " + reason);
		}
		return reasons;
	}

	/** Once T has come the end is being applied: moving or cancelling it then would race the poll. */
	private static void requireNotEnded(@Nullable Embargo current, Instant now) {
		if (current != null && !current.until().isAfter(now)) {
			throw DocumentProblem.embargoEnded("The embargo ended at " + current.until() + "; the document becomes "
					+ current.label().value() + " within moments and the embargo can no longer be changed or "
					+ "cancelled. Reload the document, then change its label if needed.");
		}
	}

	private void write(StoredDocument document, Update change, PendingEntry entry) {
		if (!this.documents.write(Documents.sameVersion(document), document, change.inc("version", 1), entry)) {
			throw Documents.concurrentChange();
		}
	}

	private static Map<String, String> facts(Embargo embargo) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("until", embargo.until().toString());
		facts.put("label", embargo.label().value());
		facts.put("namedPeople", String.join(",", embargo.namedPeople()));
		facts.put("namedOrganisations", String.join(",", embargo.namedOrganisations()));
		return facts;
	}

	private static String named(Audience audience) {
		int people = audience.namedPeople().size();
		int organisations = audience.namedOrganisations().size();
		if (people > 0) {
			return " naming " + people + " person(s)";
		}
		return (organisations > 0) ? " naming " + String.join(", ", Documents.sorted(audience.namedOrganisations()))
				: "";
	}

}
