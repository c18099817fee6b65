package io.parley.workspace.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.DocumentDeleted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.labels.Audience;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.Inputs;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.audit.PendingEntry;
import io.parley.workspace.documents.MultipartUpload.FilePart;
import io.parley.workspace.documents.StoredDocument.Version;
import io.parley.workspace.workspaces.MemberNames;
import io.parley.workspace.scanning.MalwareScanner;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import io.parley.workspace.workspaces.Workspaces;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Documents and their rules. Who may know a document exists is decided here from workspace's own data: the
 * caller's membership (404 for anyone else, whatever the token says) and the document's label ({@link Audiences};
 * 404 too, so a RED document's existence never leaks). Only then does the role matter (403). Every refusal of a
 * document that exists is written to the workspace's audit trail. A change's own audit entry is written with the change,
 * in the same single-document write ({@link AuditOutbox}), and appended to the chain right after: a crash between
 * the two leaves it pending, never lost (ADR 0012, ADR 0028).
 */
@Service
class Documents {

	private static final Set<String> UPLOAD_FIELDS = Set.of("label", "title", "namedPeople", "namedOrganisations");

	private static final Pattern TITLE = Pattern.compile("^[\\P{C}]{1,200}$");

	private static final Pattern ORGANISATION = Pattern.compile(Inputs.ORGANISATION_ID);

	private static final int SEARCH_LIMIT = 200;

	static final String COLLECTION = "documents";

	private static final Logger log = LoggerFactory.getLogger(Documents.class);

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final Workspaces workspaces;

	private final AuditTrail audit;

	private final AuditOutbox pending;

	private final MemberNames people;

	private final DocumentContents contents;

	private final DocumentScans scans;

	private final MalwareScanner scanner;

	private final DocumentProperties properties;

	private final Clock clock;

	Documents(MongoTemplate mongo, EventRecorder events, Workspaces workspaces, AuditTrail audit, AuditOutbox pending,
			MemberNames people, DocumentContents contents, DocumentScans scans, MalwareScanner scanner,
			DocumentProperties properties, Clock clock) {
		this.mongo = mongo;
		this.events = events;
		this.workspaces = workspaces;
		this.audit = audit;
		this.pending = pending;
		this.people = people;
		this.contents = contents;
		this.scans = scans;
		this.scanner = scanner;
		this.properties = properties;
		this.clock = clock;
	}

	boolean deleted(UUID documentId) {
		StoredDocument document = this.mongo.findById(documentId, StoredDocument.class);
		return document == null || document.deleted();
	}

	/** A caller who may see a document, with their membership. */
	record Access(Workspace workspace, Member member, StoredDocument document) {

		boolean owner() {
			return this.member.role() == Role.OWNER;
		}

	}

	StoredDocument upload(Caller caller, UUID workspaceId, HttpServletRequest request) {
		Workspace workspace = this.workspaces.find(workspaceId)
			.orElseThrow(() -> Problem.notFound("workspace"));
		Member member = workspace.member(caller.id())
			.orElseThrow(() -> refused(workspaceId, caller, "upload", "documents", "not a member",
					Problem.notFound("workspace")));
		requireContributor(caller, workspaceId, member, "upload", "documents");
		MultipartUpload upload = MultipartUpload.open(request, this.properties);
		FilePart file = upload.file(UPLOAD_FIELDS);
		Audience audience = audience(upload.fields(), caller, member, workspace);
		String fileName = FileNames.sanitise(file.claimedName());
		String title = title(upload.fields(), fileName);
		DocumentContents.Stored stored = store(upload, file, fileName);
		try {
			upload.finish();
			Instant now = now();
			StoredDocument document = new StoredDocument(UUID.randomUUID(), workspaceId, title, audience.label(),
					sorted(audience.namedPeople()), sorted(audience.namedOrganisations()), caller.id(),
					member.organisation(), now, false, null, null, false,
					List.of(version(1, fileName, stored, caller, now)), 1, null, null);
			insert(document, versionAdded(document, document.latest()), this.pending.entry(workspaceId, caller.id(),
					"document.uploaded", document.id().toString(), versionFacts(document.latest())));
			this.scans.submit(document.id(), 1);
			return document;
		}
		catch (RuntimeException ex) {
			this.contents.delete(stored.id());
			throw ex;
		}
	}

	Version addVersion(Caller caller, UUID workspaceId, UUID documentId, HttpServletRequest request) {
		Access access = access(caller, workspaceId, documentId, "add-version");
		requireContributor(caller, workspaceId, access.member(), "add-version", documentId.toString());
		MultipartUpload upload = MultipartUpload.open(request, this.properties);
		FilePart file = upload.file(Set.of());
		String fileName = FileNames.sanitise(file.claimedName());
		DocumentContents.Stored stored = store(upload, file, fileName);
		try {
			upload.finish();
			StoredDocument document = access.document();
			Version version = version(document.latest().version() + 1, fileName, stored, caller, now());
			StoredDocument changed = withVersion(document, version);
			Document entry = new Document();
			this.mongo.getConverter().write(version, entry);
			entry.remove("_class");
			update(document, new Update().push("versions", entry).inc("version", 1), versionAdded(changed, version),
					this.pending.entry(workspaceId, caller.id(), "document.version-added", documentId.toString(),
							versionFacts(version)));
			this.scans.submit(documentId, version.version());
			return version;
		}
		catch (RuntimeException ex) {
			this.contents.delete(stored.id());
			throw ex;
		}
	}

	List<Access> list(Caller caller, UUID workspaceId) {
		Workspace workspace = this.workspaces.find(workspaceId)
			.filter((candidate) -> candidate.member(caller.id()).isPresent())
			.orElseThrow(() -> Problem.notFound("workspace"));
		Member member = workspace.member(caller.id()).orElseThrow();
		return this.mongo
			.find(new Query(where("workspaceId").is(workspaceId).and("deleted").is(false))
				.with(Sort.by(Sort.Direction.DESC, "createdAt")), StoredDocument.class)
			.stream()
			.filter((document) -> Audiences.includes(document, member))
			.map((document) -> new Access(workspace, member, document))
			.toList();
	}

	/**
	 * Documents across the caller's workspaces that they may see; {@code q} matches titles and file names
	 * (case-insensitive, literally).
	 */
	List<Access> search(Caller caller, @Nullable String q, @Nullable TlpLabel label, @Nullable String uploader) {
		Map<UUID, Workspace> mine = this.workspaces.of(caller.id())
			.stream()
			.collect(Collectors.toMap(Workspace::id, Function.identity()));
		if (mine.isEmpty()) {
			return List.of();
		}
		Criteria criteria = where("workspaceId").in(mine.keySet()).and("deleted").is(false);
		if (label != null) {
			criteria = criteria.and("label").is(label.name());
		}
		if (uploader != null) {
			criteria = criteria.and("uploadedBy").is(uploader);
		}
		if (q != null && !q.isBlank()) {
			String literal = Pattern.quote(q.strip());
			criteria = criteria.orOperator(where("title").regex(literal, "i"),
					where("versions.fileName").regex(literal, "i"));
		}
		List<Access> found = new ArrayList<>();
		for (StoredDocument document : this.mongo.find(new Query(criteria), StoredDocument.class)) {
			Workspace workspace = mine.get(document.workspaceId());
			Member member = workspace.member(caller.id()).orElseThrow();
			if (Audiences.includes(document, member)) {
				found.add(new Access(workspace, member, document));
			}
		}
		found.sort(Comparator.comparing((Access access) -> access.document().createdAt()).reversed());
		return found.stream().limit(SEARCH_LIMIT).toList();
	}

	Access changeLabel(Caller caller, UUID workspaceId, UUID documentId, DocumentViews.LabelChange change) {
		Access access = access(caller, workspaceId, documentId, "change-label");
		requireContributor(caller, workspaceId, access.member(), "change-label", documentId.toString());
		StoredDocument document = access.document();
		if (document.embargo() != null) {
			// the embargo was checked against the label it starts from; a label changed underneath it could make
			// its end a narrowing, or a widening nobody allowed
			throw DocumentProblem.embargoPending("This document is under embargo until " + document.embargo().until()
					+ ", when it becomes " + document.embargo().label().value()
					+ ". Cancel the embargo first, then change the label.");
		}
		Audience next = audience(change.label(), strings(change.namedPeople()),
				(change.namedOrganisations() != null) ? change.namedOrganisations() : List.of(), document.uploadedBy(),
				document.uploaderOrganisationId(), access.workspace());
		// Whether anyone could read afterwards who could not before, whatever the label order says: a contributor
		// "raising" AMBER+STRICT to RED while naming someone outside the organisations widens it (ADR 0027).
		List<String> widening = widening(access.workspace(), Audiences.of(document), next);
		if (!widening.isEmpty() && !mayWiden(caller, access)) {
			throw refused(workspaceId, caller, "change-label", documentId.toString(),
					"widening by non-owner: " + String.join("; ", widening),
					Problem.forbidden("Only the uploader or an owner may widen who can see this document, and "
							+ "this change would: " + String.join("; ", widening) + "."));
		}
		if (!relabel(sameVersion(document), document, next, widening, caller.id(), new Update(), Map.of())) {
			throw concurrentChange();
		}
		return new Access(access.workspace(), access.member(), this.mongo.findById(documentId, StoredDocument.class));
	}

	/** Why {@code next} lets someone read who cannot read under {@code current}; empty when it does not. */
	List<String> widening(Workspace workspace, Audience current, Audience next) {
		return current.widenedFor(next, (person) -> organisationOf(workspace, person));
	}

	/** Who may widen a document's audience: its uploader and the workspace's owners (ADR 0011, ADR 0027). */
	static boolean mayWiden(Caller caller, Access access) {
		return access.owner() || access.document().uploadedBy().equals(caller.id());
	}

	/**
	 * Gives the document the label and audience {@code next} in one write conditional on {@code condition}, with
	 * {@code DocumentLabelChanged} and the audit entry ({@code document.label-lowered} when {@code widening} says
	 * why it widens, {@code document.label-raised} otherwise) plus {@code alsoChange} and {@code alsoRecord}, then
	 * appends the entry to the chain. False when nothing matched the condition, so nothing was changed or
	 * recorded. A relabel by a person and the end of an embargo (ADR 0042) both go through here.
	 */
	boolean relabel(Query condition, StoredDocument document, Audience next, List<String> widening, String actorId,
			Update alsoChange, Map<String, String> alsoRecord) {
		UUID workspaceId = document.workspaceId();
		UUID documentId = document.id();
		List<String> namedPeople = sorted(next.namedPeople());
		List<String> namedOrganisations = sorted(next.namedOrganisations());
		Update update = alsoChange.set("label", next.label().name())
			.set("namedPeople", namedPeople)
			.set("namedOrganisations", namedOrganisations)
			.inc("version", 1);
		EventEnvelope event = this.events.event(documentId.toString(), document.version() + 1,
				new DocumentLabelChanged(workspaceId, documentId, document.label().value(), next.label().value(),
						UUID.fromString(actorId), document.uploaderOrganisationId(), uuids(namedPeople),
						namedOrganisations));
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("from", document.label().value());
		facts.put("to", next.label().value());
		facts.put("namedPeople", String.join(",", namedPeople));
		facts.put("namedOrganisations", String.join(",", namedOrganisations));
		if (!widening.isEmpty()) {
			facts.put("widens", String.join("; ", widening));
		}
		facts.putAll(alsoRecord);
		PendingEntry entry = this.pending.entry(workspaceId, actorId,
				widening.isEmpty() ? "document.label-raised" : "document.label-lowered", documentId.toString(), facts);
		return write(condition, document, update, entry, event);
	}

	void delete(Caller caller, UUID workspaceId, UUID documentId) {
		Access access = access(caller, workspaceId, documentId, "delete");
		if (!access.owner()) {
			throw refused(workspaceId, caller, "delete", documentId.toString(), "not an owner",
					Problem.forbidden("Only owners of the workspace delete documents."));
		}
		StoredDocument document = access.document();
		Instant now = now();
		Instant purgeAfter = now.plus(this.properties.deletedRetention());
		Update update = new Update().set("deleted", true)
			.set("deletedAt", now)
			.set("deletedBy", caller.id())
			.inc("version", 1);
		EventEnvelope event = this.events.event(documentId.toString(), document.version() + 1,
				new DocumentDeleted(workspaceId, documentId, document.label().value(), UUID.fromString(caller.id()),
						now, purgeAfter, document.uploaderOrganisationId(), uuids(document.namedPeople()),
						document.namedOrganisations()));
		update(document, update, event, this.pending.entry(workspaceId, caller.id(), "document.deleted",
				documentId.toString(), Map.of("purgeAfter", purgeAfter.toString())));
	}

	/**
	 * Copies a version (the latest unless named) into another workspace as a new document with the same label and
	 * audience (ADR 0017). The source is checked as for a download (visible, released), the target as for an upload
	 * (a contributor or owner there), then the label against the target: its ceiling, and for RED and AMBER+STRICT
	 * its members or organisations. Refusals of the copy are audited in the source's chain only: the target's
	 * owners and auditors may not know the document. The bytes go GridFS to GridFS through a fixed buffer and must
	 * hash to the recorded SHA-256.
	 */
	Access copy(Caller caller, UUID workspaceId, UUID documentId, UUID targetId, @Nullable Integer number) {
		Access source = access(caller, workspaceId, documentId, "copy");
		StoredDocument document = source.document();
		Version version = versionOf(document, (number != null) ? number : document.latest().version());
		if (targetId.equals(workspaceId)) {
			throw DocumentProblem.invalid("targetWorkspaceId: the document is in that workspace already.");
		}
		requireReleased(caller, source, version, "copy");
		String subject = documentId.toString();
		Workspace target = this.workspaces.find(targetId)
			.orElseThrow(() -> refused(workspaceId, caller, "copy", subject, "no target workspace " + targetId,
					Problem.notFound("workspace")));
		Member member = copyTarget(caller, document, target);
		DocumentContents.Stored stored;
		try {
			stored = this.contents.copy(version.contentId(), version.fileName(), version.mediaType());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		StoredDocument copy;
		try {
			if (!stored.sha256().equals(version.sha256())) {
				throw integrityFailure(caller, workspaceId, documentId, version, stored.sha256());
			}
			Instant now = now();
			// the same bytes (hash checked) keep a clean verdict; anything else is scanned like an upload
			ScanStatus scan = (version.scan() == ScanStatus.CLEAN) ? ScanStatus.CLEAN : initialScan();
			Version first = new Version(1, version.fileName(), stored.size(), stored.sha256(), stored.mediaType(),
					stored.id(), caller.id(), now, scan, null);
			copy = new StoredDocument(UUID.randomUUID(), targetId, document.title(), document.label(),
					document.namedPeople(), document.namedOrganisations(), document.uploadedBy(),
					document.uploaderOrganisationId(), now, false, null, null, false, List.of(first), 1,
					new StoredDocument.CopySource(workspaceId, documentId, version.version(), caller.id()), null);
			Map<String, String> facts = new LinkedHashMap<>(versionFacts(copy.latest()));
			facts.put("fromWorkspace", workspaceId.toString());
			facts.put("fromDocument", subject);
			facts.put("fromVersion", Integer.toString(version.version()));
			// both chains' entries ride in the copy's insert: each is appended to its own workspace's chain
			insert(copy, versionAdded(copy, first),
					this.pending.entry(targetId, caller.id(), "document.copied-in", copy.id().toString(), facts),
					this.pending.entry(workspaceId, caller.id(), "document.copied-out", subject,
							Map.of("version", Integer.toString(version.version()), "toWorkspace",
									targetId.toString(), "toDocument", copy.id().toString())));
		}
		catch (RuntimeException ex) {
			this.contents.delete(stored.id());
			throw ex;
		}
		this.scans.submit(copy.id(), 1);
		log.info("Document {} version {} of workspace {} copied by {} to workspace {} as {}", documentId,
				version.version(), workspaceId, caller.id(), targetId, copy.id());
		return new Access(target, member, copy);
	}

	/**
	 * The caller's membership of a copy's target if they may upload there and its audience fits the document's
	 * label (ADR 0017); otherwise the refusal, audited in the source's chain.
	 */
	private Member copyTarget(Caller caller, StoredDocument document, Workspace target) {
		UUID workspaceId = document.workspaceId();
		String subject = document.id().toString();
		Member member = target.member(caller.id())
			.orElseThrow(() -> refused(workspaceId, caller, "copy", subject, "not a member of " + target.id(),
					Problem.notFound("workspace")));
		if (member.role() == Role.READER) {
			throw refused(workspaceId, caller, "copy", subject, "reader of " + target.id(),
					Problem.forbidden("Readers of the target workspace cannot add documents to it."));
		}
		if (document.label().ordinal() > target.labelCeiling().ordinal()) {
			throw refused(workspaceId, caller, "copy", subject, "above the ceiling of " + target.id(),
					DocumentProblem.aboveCeiling("The target workspace holds documents up to "
							+ target.labelCeiling().value() + "; " + document.label().value() + " is above that."));
		}
		Optional<String> wider = Audiences.widerIn(Audiences.of(document), target);
		if (wider.isPresent()) {
			throw refused(workspaceId, caller, "copy", subject, "audience of " + target.id() + " too wide",
					DocumentProblem.audienceTooWide(wider.get()));
		}
		return member;
	}

	/** Version {@code number} of a document the caller may see; 404 for a number it does not have. */
	static Version versionOf(StoredDocument document, int number) {
		if (number < 1 || number > document.versions().size()) {
			throw Problem.notFound("version");
		}
		return document.versions().get(number - 1);
	}

	/**
	 * Only released content leaves a document, by download or copy: {@code CLEAN}, or {@code UNSCANNED} when the
	 * policy allows it. Otherwise 409 (the caller may know the version, it is just not released), audited.
	 */
	void requireReleased(Caller caller, Access access, Version version, String operation) {
		ScanStatus scan = version.scan();
		boolean released = scan == ScanStatus.CLEAN
				|| (scan == ScanStatus.UNSCANNED && this.scanner.unscannedDownloadsAllowed());
		if (!released) {
			throw refused(access.workspace().id(), caller, operation, access.document().id().toString(),
					"scan status " + scan, DocumentProblem.notDownloadable(switch (scan) {
						case PENDING -> "This version is still being scanned for malware; try again shortly.";
						case QUARANTINED ->
							"The malware scanner found something in this version; nobody can download or copy it.";
						default -> "Unscanned content is not released here.";
					}));
		}
	}

	/** Stored bytes that no longer hash to the recorded SHA-256: logged at ERROR, audited, never served. */
	RuntimeException integrityFailure(Caller caller, UUID workspaceId, UUID documentId, Version version,
			String actual) {
		log.error("Integrity failure: document {} version {} content {} hashes to {}, recorded {}", documentId,
				version.version(), version.contentId(), actual, version.sha256());
		this.audit.record(workspaceId, caller.id(), "document.integrity-failure", documentId.toString(),
				Map.of("version", Integer.toString(version.version())));
		return DocumentProblem.integrity();
	}

	/**
	 * The document if the caller may know it exists: a member of its workspace in its label's audience, and not
	 * deleted. Anyone else gets the same 404 as for an id never used, and the refusal is audited.
	 */
	Access access(Caller caller, UUID workspaceId, UUID documentId, String operation) {
		Workspace workspace = this.workspaces.find(workspaceId)
			.orElseThrow(() -> Problem.notFound("document"));
		StoredDocument document = Optional.ofNullable(this.mongo.findById(documentId, StoredDocument.class))
			.filter((found) -> found.workspaceId().equals(workspaceId) && !found.deleted())
			.orElse(null);
		Optional<Member> member = workspace.member(caller.id());
		if (document == null) {
			throw Problem.notFound("document");
		}
		if (member.isEmpty()) {
			throw refused(workspaceId, caller, operation, documentId.toString(), "not a member",
					Problem.notFound("document"));
		}
		if (!Audiences.includes(document, member.get())) {
			throw refused(workspaceId, caller, operation, documentId.toString(),
					"outside the audience of " + document.label().value(), Problem.notFound("document"));
		}
		return new Access(workspace, member.get(), document);
	}

	/** Audits a refusal and returns the problem to throw. */
	RuntimeException refused(UUID workspaceId, Caller caller, String operation, String subject, String reason,
			RuntimeException problem) {
		this.audit.record(workspaceId, caller.id(), "access.refused", subject,
				Map.of("operation", operation, "reason", reason));
		return problem;
	}

	void requireContributor(Caller caller, UUID workspaceId, Member member, String operation,
			String subject) {
		if (member.role() == Role.READER) {
			throw refused(workspaceId, caller, operation, subject, "reader",
					Problem.forbidden("Readers cannot change documents."));
		}
	}

	private DocumentContents.Stored store(MultipartUpload upload, FilePart file, String fileName) {
		try {
			return this.contents.store(file.content(), fileName, file.claimedType());
		}
		catch (IOException ex) {
			throw MultipartUpload.failure(ex, this.properties);
		}
	}

	private Version version(int number, String fileName, DocumentContents.Stored stored, Caller caller,
			Instant now) {
		return new Version(number, fileName, stored.size(), stored.sha256(), stored.mediaType(), stored.id(),
				caller.id(), now, initialScan(), null);
	}

	/** What a version's bytes are until the scanner has seen them. */
	private ScanStatus initialScan() {
		return this.scanner.configured() ? ScanStatus.PENDING : ScanStatus.UNSCANNED;
	}

	private Audience audience(Map<String, List<String>> fields, Caller caller, Member member, Workspace workspace) {
		List<String> labels = fields.getOrDefault("label", List.of());
		if (labels.size() != 1) {
			throw DocumentProblem.invalid("label: exactly one is required (TLP:CLEAR … TLP:RED).");
		}
		TlpLabel label = label(labels.get(0));
		List<String> people = new ArrayList<>();
		for (String person : fields.getOrDefault("namedPeople", List.of())) {
			people.add(uuid(person));
		}
		return audience(label, people, fields.getOrDefault("namedOrganisations", List.of()), caller.id(),
				member.organisation(), workspace);
	}

	/** A label as the API spells it ({@code TLP:AMBER+STRICT}); anything else is a 400. */
	static TlpLabel label(String value) {
		return Arrays.stream(TlpLabel.values())
			.filter((candidate) -> candidate.value().equals(value))
			.findFirst()
			.orElseThrow(() -> DocumentProblem.invalid("label: not a TLP 2.0 label."));
	}

	static Audience audience(TlpLabel label, List<String> namedPeople, List<String> namedOrganisations,
			String uploadedBy, String uploaderOrganisation, Workspace workspace) {
		if (label.ordinal() > workspace.labelCeiling().ordinal()) {
			throw DocumentProblem.aboveCeiling("This workspace holds documents up to "
					+ workspace.labelCeiling().value() + "; " + label.value() + " is above that.");
		}
		if (!namedPeople.isEmpty() && label != TlpLabel.RED) {
			throw DocumentProblem.invalid("namedPeople: only a TLP:RED label names people.");
		}
		if (!namedOrganisations.isEmpty() && label != TlpLabel.AMBER_STRICT) {
			throw DocumentProblem.invalid("namedOrganisations: only a TLP:AMBER+STRICT label names organisations.");
		}
		for (String organisation : namedOrganisations) {
			if (!ORGANISATION.matcher(organisation).matches()) {
				throw DocumentProblem.invalid("namedOrganisations: not an organisation id.");
			}
		}
		return Audience.of(label, uploadedBy, uploaderOrganisation, namedPeople, namedOrganisations);
	}

	private static String title(Map<String, List<String>> fields, String fileName) {
		List<String> titles = fields.getOrDefault("title", List.of());
		if (titles.size() > 1) {
			throw DocumentProblem.invalid("title: at most one.");
		}
		String title = titles.isEmpty() ? fileName : titles.get(0).strip();
		if (!TITLE.matcher(title).matches()) {
			throw DocumentProblem.invalid("title: 1–200 characters without control or format characters.");
		}
		return title;
	}

	private EventEnvelope versionAdded(StoredDocument document, Version version) {
		return this.events.event(document.id().toString(), document.version(),
				new DocumentVersionAdded(document.workspaceId(), document.id(), version.version(), document.title(),
						document.label().value(), UUID.fromString(version.uploadedBy()),
						document.uploaderOrganisationId(), uuids(document.namedPeople()),
						document.namedOrganisations()));
	}

	private static StoredDocument withVersion(StoredDocument document, Version version) {
		List<Version> versions = new ArrayList<>(document.versions());
		versions.add(version);
		return new StoredDocument(document.id(), document.workspaceId(), document.title(), document.label(),
				document.namedPeople(), document.namedOrganisations(), document.uploadedBy(),
				document.uploaderOrganisationId(), document.createdAt(), document.deleted(), document.deletedAt(),
				document.deletedBy(), document.purged(), List.copyOf(versions), document.version() + 1,
				document.copiedFrom(), document.embargo());
	}

	/** Inserts a new document with its event and audit entries in one write, then appends the entries. */
	private void insert(StoredDocument document, EventEnvelope event, PendingEntry... entries) {
		Document stored = new Document();
		this.mongo.getConverter().write(document, stored);
		this.pending.add(stored, List.of(entries));
		this.events.insert(stored, COLLECTION, event);
		this.pending.drain(COLLECTION, document.id());
	}

	/**
	 * Changes a document if nobody changed it since it was read, with its event and audit entry in the same write,
	 * then appends the entry; otherwise 409.
	 */
	private void update(StoredDocument document, Update change, EventEnvelope event, PendingEntry entry) {
		if (!write(sameVersion(document), document, change, entry, event)) {
			throw concurrentChange();
		}
	}

	/**
	 * Changes a document matching {@code condition} with its events and audit entry in the same write, then appends
	 * the entry to the chain; false when nothing matched (and nothing was written).
	 */
	boolean write(Query condition, StoredDocument document, Update change, PendingEntry entry,
			EventEnvelope... events) {
		if (this.events.update(condition, this.pending.add(change, List.of(entry)), COLLECTION, events)
			.getModifiedCount() == 0) {
			return false;
		}
		this.pending.drain(COLLECTION, document.id());
		return true;
	}

	/**
	 * A person's organisation as identity says it: the one the workspace recorded when they became a member, else
	 * the one workspace's people projection heard from identity. Unknown for someone workspace never heard of.
	 */
	private Optional<String> organisationOf(Workspace workspace, String personId) {
		return workspace.member(personId).map(Member::organisation).or(() -> this.people.organisationOf(personId));
	}

	static List<String> sorted(java.util.Collection<String> values) {
		return values.stream().sorted().toList();
	}

	static Query sameVersion(StoredDocument document) {
		return new Query(where("_id").is(document.id()).and("version").is(document.version()).and("deleted").is(false));
	}

	private static Map<String, String> versionFacts(Version version) {
		return Map.of("version", Integer.toString(version.version()), "sha256", version.sha256(), "size",
				Long.toString(version.size()), "mediaType", version.mediaType());
	}

	static Problem concurrentChange() {
		return Problem.conflict("concurrent-change", "Changed meanwhile",
				"The document was changed by someone else meanwhile; reload and try again.");
	}

	private static String uuid(String value) {
		try {
			return UUID.fromString(value.strip()).toString();
		}
		catch (IllegalArgumentException ex) {
			throw DocumentProblem.invalid("namedPeople: not a person id.");
		}
	}

	static List<String> strings(@Nullable List<UUID> ids) {
		return (ids != null) ? ids.stream().map(UUID::toString).toList() : List.of();
	}

	private static List<UUID> uuids(List<String> ids) {
		return ids.stream().map(UUID::fromString).toList();
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
