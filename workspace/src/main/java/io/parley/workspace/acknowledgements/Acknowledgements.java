package io.parley.workspace.acknowledgements;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.AcknowledgementOverdue;
import io.parley.platform.events.contract.AcknowledgementRecorded;
import io.parley.platform.events.contract.AcknowledgementRequested;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.acknowledgements.AcknowledgementRequest.Acknowledgement;
import io.parley.workspace.acknowledgements.AcknowledgementRequest.OrganisationStatus;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.documents.VisibleDocuments;
import io.parley.workspace.documents.VisibleDocuments.Glimpse;
import io.parley.workspace.documents.VisibleDocuments.VisibleDocument;
import io.parley.workspace.workspaces.MemberNames;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspaces;
import io.parley.workspace.workspaces.Workspace.Role;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Acknowledgement requests and their rules. Everything starts from the document: whoever may not see it gets its
 * 404. Owners ask and see every request with every organisation's status; the people of a named organisation see
 * the requests naming it, with their own organisation's status only (one partner's diligence is not another's
 * business), and acknowledge for it. The organisation is the one the workspace records for the member, never the
 * token's claim.
 */
@Service
class Acknowledgements {

	static final String COLLECTION = "acknowledgement_requests";

	static final String SYSTEM = "system";

	/**
	 * Each lost race means another acknowledgement of the same request was recorded, so with n people acknowledging
	 * at the same moment nobody needs more than n attempts; beyond this many the answer is a 409 to retry.
	 */
	private static final int ATTEMPTS = 10;

	private static final int OVERDUE_BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final AuditOutbox auditOutbox;

	private final AuditTrail audit;

	private final VisibleDocuments documents;

	private final MemberNames names;

	private final Workspaces workspaces;

	// the per-document answer's `overdue` uses this clock too: "what we owe" must count as that page does
	private final Clock clock = Clock.systemUTC();

	Acknowledgements(MongoTemplate mongo, EventRecorder events, AuditOutbox auditOutbox, AuditTrail audit,
			VisibleDocuments documents, MemberNames names, Workspaces workspaces) {
		this.workspaces = workspaces;
		this.mongo = mongo;
		this.events = events;
		this.auditOutbox = auditOutbox;
		this.audit = audit;
		this.documents = documents;
		this.names = names;
	}

	RequestView request(Caller caller, UUID workspaceId, UUID documentId, int version, List<String> organisations,
			Instant deadline) {
		VisibleDocument document = this.documents.require(caller, workspaceId, documentId, "acknowledgement.request");
		if (document.caller().role() != Role.OWNER) {
			throw refused(workspaceId, caller, "acknowledgement.request", documentId.toString(), "not-owner",
					Problem.forbidden("Only owners of the workspace ask for acknowledgements."));
		}
		UUID requestedBy = personId(caller);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (version < 1 || version > document.latestVersion()) {
			throw Problem.unprocessable("no-such-version", "No such version",
					"version: the document has versions 1 to " + document.latestVersion() + ".");
		}
		if (!deadline.isAfter(now)) {
			throw Problem.unprocessable("deadline-passed", "Deadline not in the future",
					"deadline: must be in the future.");
		}
		List<String> named = List.copyOf(new LinkedHashSet<>(organisations));
		List<String> outside = named.stream()
			.filter((organisation) -> !document.workspace().organisations().contains(organisation)
					|| !document.visibleToOrganisation(organisation))
			.toList();
		if (!outside.isEmpty()) {
			throw Problem.unprocessable("organisation-outside-audience",
					"Organisation cannot see the document",
					"organisations: " + String.join(", ", outside) + " — not a member organisation of the workspace "
							+ "whose members may see this document under " + document.label().value() + ".");
		}
		AcknowledgementRequest request = new AcknowledgementRequest(UUID.randomUUID(), workspaceId, documentId,
				version, deadline.truncatedTo(ChronoUnit.MILLIS), caller.id(), now,
				named.stream().map((organisation) -> new OrganisationStatus(organisation, List.of())).toList(), null, 1);
		Document stored = new Document();
		this.mongo.getConverter().write(request, stored);
		this.auditOutbox.add(stored, List.of(this.auditOutbox.entry(workspaceId, caller.id(),
				"acknowledgement.requested", request.id().toString(), Map.of("documentId", documentId.toString(),
						"version", Integer.toString(version), "organisations", String.join(",", named), "deadline",
						request.deadline().toString()))));
		this.events.insert(stored, COLLECTION,
				this.events.event(request.id().toString(), 1, new AcknowledgementRequested(request.id(), workspaceId,
						documentId, version, named, request.deadline(), requestedBy)));
		this.auditOutbox.drain(COLLECTION, request.id());
		log.info("Acknowledgement {} of document {} v{} in workspace {} requested by {} from {} by {}", request.id(),
				documentId, version, workspaceId, caller.id(), named, request.deadline());
		return view(request, Map.of(), now, null);
	}

	List<RequestView> list(Caller caller, UUID workspaceId, UUID documentId) {
		VisibleDocument document = this.documents.require(caller, workspaceId, documentId, "acknowledgement.read");
		boolean owner = document.caller().role() == Role.OWNER;
		String organisation = document.caller().organisation();
		Query query = new Query(where("documentId").is(documentId).and("workspaceId").is(workspaceId));
		if (!owner) {
			query.addCriteria(where("organisations.organisation").is(organisation));
		}
		List<AcknowledgementRequest> requests = this.mongo.find(
				query.with(Sort.by(Sort.Order.asc("requestedAt"), Sort.Order.asc("_id"))), AcknowledgementRequest.class);
		Instant now = this.clock.instant();
		Set<String> people = new HashSet<>();
		requests.forEach((request) -> request.organisations()
			.forEach((status) -> status.acknowledgements().forEach((ack) -> people.add(ack.personId()))));
		Map<String, String> known = this.names.namesOf(people);
		List<RequestView> views = new ArrayList<>();
		for (AcknowledgementRequest request : requests) {
			views.add(view(request, known, now, owner ? null : organisation));
		}
		log.info("Acknowledgement requests of document {} in workspace {} read by {} ({}, {} request(s))",
				documentId, workspaceId, caller.id(), owner ? "owner" : organisation, views.size());
		return views;
	}

	/**
	 * "What we owe" (ADR 0044): the requests naming the caller's organisation that nobody of it acknowledged yet,
	 * deadline first. Without {@code organisation}, those of documents the caller may see, the organisation being
	 * the one each workspace records for them: exactly the requests the document's own list shows them as not
	 * acknowledged. With it (an organisation admin's whole organisation), also those of documents only the
	 * organisation as a whole may see, as ids and label ({@link VisibleDocuments#glimpses}).
	 */
	List<OwedAcknowledgement> owed(Caller caller, @Nullable String organisation) {
		List<UUID> workspaces = this.workspaces.ofPersonOrOrganisation(caller.id(), organisation)
			.stream()
			.map(Workspace::id)
			.toList();
		if (workspaces.isEmpty()) {
			return List.of();
		}
		List<AcknowledgementRequest> requests = this.mongo.find(new Query(where("workspaceId").in(workspaces)),
				AcknowledgementRequest.class);
		Map<UUID, Glimpse> documents = this.documents.glimpses(caller,
				requests.stream().map(AcknowledgementRequest::documentId).collect(Collectors.toSet()),
				organisation);
		Instant now = this.clock.instant();
		List<OwedAcknowledgement> owed = new ArrayList<>();
		for (AcknowledgementRequest request : requests) {
			Glimpse document = documents.get(request.documentId());
			if (document == null) {
				continue;
			}
			String owing = (organisation != null) ? organisation : document.memberOrganisation();
			if (owing == null || (organisation == null && !document.readable())) {
				continue;
			}
			request.organisation(owing)
				.filter((status) -> status.acknowledgements().isEmpty())
				.ifPresent((status) -> owed.add(new OwedAcknowledgement(request.id(), request.workspaceId(),
						document.workspaceName(), request.documentId(), document.title(), document.label(),
						request.version(), owing, request.deadline(), now.isAfter(request.deadline()))));
		}
		owed.sort(Comparator.comparing(OwedAcknowledgement::deadline).thenComparing(OwedAcknowledgement::requestId));
		log.info("Acknowledgements owed read by {} ({}): {} request(s)", caller.id(),
				(organisation != null) ? "organisation " + organisation : "own", owed.size());
		return owed;
	}

	/**
	 * Records the caller's acknowledgement for their organisation. Idempotent per person: a second call changes
	 * nothing and records no event.
	 */
	void acknowledge(Caller caller, UUID workspaceId, UUID documentId, UUID requestId) {
		VisibleDocument document = this.documents.require(caller, workspaceId, documentId,
				"acknowledgement.acknowledge");
		UUID personId = personId(caller);
		String organisation = document.caller().organisation();
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			AcknowledgementRequest request = find(requestId, workspaceId, documentId);
			if (request == null) {
				throw Problem.notFound("acknowledgement request");
			}
			OrganisationStatus status = request.organisation(organisation).orElse(null);
			if (status == null) {
				// owners see every request, so they may learn it exists; everyone else never saw it
				boolean owner = document.caller().role() == Role.OWNER;
				throw refused(workspaceId, caller, "acknowledgement.acknowledge", requestId.toString(),
						"organisation not named",
						owner ? Problem
							.forbidden("Only people of the organisations the request names acknowledge it.")
								: Problem.notFound("acknowledgement request"));
			}
			if (status.acknowledgedBy(caller.id())) {
				log.info("Acknowledgement {} already recorded for {} ({}); nothing to do", requestId, caller.id(),
						organisation);
				return;
			}
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			List<OrganisationStatus> next = request.organisations().stream().map((candidate) -> {
				if (!candidate.organisation().equals(organisation)) {
					return candidate;
				}
				List<Acknowledgement> acknowledgements = new ArrayList<>(candidate.acknowledgements());
				acknowledgements.add(new Acknowledgement(caller.id(), now));
				return new OrganisationStatus(organisation, acknowledgements);
			}).toList();
			Update update = new Update().set("organisations", next).inc("revision", 1);
			this.auditOutbox.add(update, List.of(this.auditOutbox.entry(workspaceId, caller.id(),
					"acknowledgement.recorded", requestId.toString(), Map.of("documentId", documentId.toString(),
							"version", Integer.toString(request.version()), "organisation", organisation))));
			if (this.events.update(sameRevision(request), update, COLLECTION,
					this.events.event(requestId.toString(), request.revision() + 1,
							new AcknowledgementRecorded(requestId, workspaceId, documentId, request.version(),
									personId, organisation, UUID.fromString(request.requestedBy()))))
				.getModifiedCount() == 1) {
				this.auditOutbox.drain(COLLECTION, requestId);
				log.info("Acknowledgement {} of document {} v{} recorded for {} by {}{}", requestId, documentId,
						request.version(), organisation, caller.id(),
						now.isAfter(request.deadline()) ? " after the deadline" : "");
				return;
			}
			// someone else acknowledged at the same moment: read again, and maybe it is us who did
		}
		throw Problem.conflict("concurrent-change", "Changed concurrently",
				"The request changed while you acknowledged it; try again.");
	}

	/**
	 * Looks once at every request whose deadline passed and records {@code AcknowledgementOverdue} naming the
	 * organisations nobody of which acknowledged; requests everyone acknowledged are only marked as looked at. The
	 * mark is set by the same conditional update as the event, so no request is reported twice, even by two
	 * instances at once.
	 *
	 * @return the number of {@code AcknowledgementOverdue} events recorded
	 */
	int recordOverdue(Clock at) {
		Instant now = at.instant().truncatedTo(ChronoUnit.MILLIS);
		List<AcknowledgementRequest> due = this.mongo.find(new Query(where("overdueCheckedAt").is(null)
			.and("deadline")
			.lte(now)).with(Sort.by(Sort.Order.asc("deadline"))).limit(OVERDUE_BATCH), AcknowledgementRequest.class);
		int recorded = 0;
		for (AcknowledgementRequest request : due) {
			List<String> overdue = request.unacknowledged();
			Update update = new Update().set("overdueCheckedAt", now).inc("revision", 1);
			Query query = sameRevision(request).addCriteria(where("overdueCheckedAt").is(null));
			if (overdue.isEmpty() || this.documents.deleted(request.documentId())) {
				this.mongo.updateFirst(query, update, COLLECTION);
				continue;
			}
			this.auditOutbox.add(update, List.of(this.auditOutbox.entry(request.workspaceId(), SYSTEM,
					"acknowledgement.overdue", request.id().toString(),
					Map.of("documentId", request.documentId().toString(), "version",
							Integer.toString(request.version()), "organisations", String.join(",", overdue),
							"deadline", request.deadline().toString()))));
			if (this.events.update(query, update, COLLECTION,
					this.events.event(request.id().toString(), request.revision() + 1,
							new AcknowledgementOverdue(request.id(), request.workspaceId(), request.documentId(),
									request.version(), overdue, request.deadline(),
									UUID.fromString(request.requestedBy()))))
				.getModifiedCount() == 1) {
				this.auditOutbox.drain(COLLECTION, request.id());
				recorded++;
				log.info("Acknowledgement {} of document {} v{} in workspace {} overdue for {}", request.id(),
						request.documentId(), request.version(), request.workspaceId(), overdue);
			}
			// not modified: acknowledged or checked concurrently; the next round sees the new state
		}
		return recorded;
	}

	private @Nullable AcknowledgementRequest find(UUID requestId, UUID workspaceId, UUID documentId) {
		return this.mongo.findOne(new Query(where("_id").is(requestId).and("workspaceId").is(workspaceId)
			.and("documentId")
			.is(documentId)), AcknowledgementRequest.class);
	}

	private static Query sameRevision(AcknowledgementRequest request) {
		return new Query(where("_id").is(request.id()).and("revision").is(request.revision()));
	}

	/** @param onlyOrganisation the one organisation whose status the caller may see; null for owners (all) */
	private static RequestView view(AcknowledgementRequest request, Map<String, String> known, Instant now,
			@Nullable String onlyOrganisation) {
		boolean late = now.isAfter(request.deadline());
		List<RequestView.OrganisationView> organisations = request.organisations()
			.stream()
			.filter((status) -> onlyOrganisation == null || status.organisation().equals(onlyOrganisation))
			.map((status) -> new RequestView.OrganisationView(status.organisation(),
					status.acknowledgements()
						.stream()
						.sorted(Comparator.comparing(Acknowledgement::acknowledgedAt))
						.map((ack) -> new RequestView.AcknowledgementView(ack.personId(), known.get(ack.personId()),
								ack.acknowledgedAt()))
						.toList(),
					late && status.acknowledgements().isEmpty()))
			.toList();
		return new RequestView(request.id(), request.documentId(), request.version(), request.deadline(),
				request.requestedBy(), request.requestedAt(), organisations);
	}

	/** Audits a refusal and returns the problem to throw. */
	private RuntimeException refused(UUID workspaceId, Caller caller, String operation, String subject,
			String reason, RuntimeException problem) {
		this.audit.record(workspaceId, caller.id(), "access.refused", subject,
				Map.of("attempted", operation, "reason", reason));
		return problem;
	}

	private static UUID personId(Caller caller) {
		try {
			return UUID.fromString(caller.id());
		}
		catch (IllegalArgumentException ex) {
			throw Problem.forbidden("Your account cannot take part in acknowledgements.");
		}
	}

}
