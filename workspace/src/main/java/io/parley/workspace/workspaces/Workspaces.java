package io.parley.workspace.workspaces;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.PendingEntry;
import io.parley.workspace.workspaces.Workspace.Member;
import org.jspecify.annotations.Nullable;
import io.parley.workspace.workspaces.Workspace.Role;
import io.parley.workspace.workspaces.WorkspaceAccess.Need;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Workspaces, their members and member organisations. Every change is one update of the workspace's document,
 * conditional on the version that was read and checked, which also appends the events to the document's outbox and
 * the audit entries to its audit outbox ({@link AuditOutbox}): the change, its events and its audit entries are
 * stored together or not at all, and a rule checked on the read (the last owner stays) still holds when the write
 * lands. The audit entries then move to the workspace's chain.
 */
@Service
public class Workspaces {

	/** The collection of workspaces, whose writes carry their audit entries ({@link AuditOutbox#drain}). */
	public static final String COLLECTION = "workspaces";

	/** Offboarding retries a workspace changed meanwhile; this many rounds means something is badly wrong. */
	private static final int MAX_ROUNDS = 20;

	private static final Logger log = LoggerFactory.getLogger(Workspaces.class);

	private static final String SYSTEM = "system";

	private final MongoTemplate mongo;

	private final WorkspaceRepository repository;

	private final EventRecorder events;

	private final WorkspaceAccess access;

	private final AuditOutbox audit;

	private final MemberNames people;

	private final Clock clock = Clock.systemUTC();

	Workspaces(MongoTemplate mongo, WorkspaceRepository repository, EventRecorder events, WorkspaceAccess access,
			AuditOutbox audit, MemberNames people) {
		this.mongo = mongo;
		this.repository = repository;
		this.events = events;
		this.access = access;
		this.audit = audit;
		this.people = people;
	}

	/** The workspaces a person is a member of, by name. */
	public List<Workspace> of(String personId) {
		return this.repository.findByMembersPersonIdOrderByNameAsc(personId);
	}

	/**
	 * The workspaces this organisation is a member organisation of (older workspaces, which kept no organisations,
	 * by their members').
	 */
	private List<Workspace> ofOrganisation(String organisation) {
		return this.mongo.find(new Query(new Criteria().orOperator(where("organisations").is(organisation),
				where("members.organisation").is(organisation))), Workspace.class);
	}

	/**
	 * The person's workspaces and, when {@code organisation} is given, also its organisation's ("what we owe" for an
	 * organisation admin, ADR 0044).
	 */
	public List<Workspace> ofPersonOrOrganisation(String personId, @Nullable String organisation) {
		Map<UUID, Workspace> found = new java.util.LinkedHashMap<>();
		of(personId).forEach((workspace) -> found.put(workspace.id(), workspace));
		if (organisation != null) {
			ofOrganisation(organisation).forEach((workspace) -> found.put(workspace.id(), workspace));
		}
		return List.copyOf(found.values());
	}

	/** Ids of the workspaces the person is a member of. */
	public List<UUID> idsOf(String personId) {
		return of(personId).stream().map(Workspace::id).toList();
	}

	/** A workspace whoever asks; callers decide what membership means for their own data (documents). */
	public Optional<Workspace> find(UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Workspace.class));
	}

	/** The workspace if the caller is a member; otherwise it does not exist for them. */
	Workspace visibleTo(Caller caller, UUID id) {
		return this.access.require(caller, id, Need.MEMBER, "workspace.read");
	}

	Workspace create(Caller caller, String name, String purpose, TlpLabel labelCeiling) {
		if (!caller.hasRole(Caller.PORTAL_ADMIN)) {
			throw Problem.forbidden("Only portal admins create workspaces.");
		}
		String organisation = caller.organisation();
		if (organisation == null || !isUuid(caller.id())) {
			throw Problem.forbidden("Your account belongs to no organisation and cannot own a workspace.");
		}
		Member owner = new Member(caller.id(), organisation, Role.OWNER);
		Workspace workspace = new Workspace(UUID.randomUUID(), name, purpose, labelCeiling, List.of(owner),
				List.of(organisation), this.clock.instant().truncatedTo(ChronoUnit.MILLIS), caller.id(), 1);
		insert(workspace, caller.id(), List.of());
		log.info("Workspace {} created by {}", workspace.id(), caller.id());
		return workspace;
	}

	/**
	 * Opens a workspace nobody asked for through the API, with all its members at once: a war room for a halted
	 * release (ADR 0032). The caller derives {@code workspace.id()} from what the workspace is for, so the unique
	 * {@code _id} turns a second opening (a redelivered event, another instance handling the same event) into a
	 * duplicate-key error: exactly one insert, one {@code WorkspaceCreated} and one {@code WorkspaceMemberAdded} per
	 * member, whoever races.
	 *
	 * @param actorId who the audit entries name as having done it
	 * @param first audit entries that open the workspace's chain, before {@code workspace.created}
	 * @return {@code false} if a workspace with this id existed already; nothing was written then
	 */
	public boolean openOnce(Workspace workspace, String actorId, List<PendingEntry> first) {
		try {
			insert(workspace, actorId, first);
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
		log.info("Workspace {} opened by {} with {} member(s) of {}", workspace.id(), actorId,
				workspace.members().size(), workspace.organisations());
		return true;
	}

	/**
	 * Inserts a new workspace with its events and audit entries in one write, then moves the entries to its chain.
	 * Created first, then each member like any later member: consumers that only track membership need nothing else.
	 * All events carry version 1; the outbox keeps their order.
	 */
	private void insert(Workspace workspace, String actorId, List<PendingEntry> first) {
		List<EventEnvelope> events = new ArrayList<>();
		events.add(this.events.event(workspace.id().toString(), workspace.version(),
				new WorkspaceCreated(workspace.id(), workspace.name(), workspace.labelCeiling().value(),
						UUID.fromString(workspace.createdBy()))));
		List<PendingEntry> entries = new ArrayList<>(first);
		entries.add(this.audit.entry(workspace.id(), actorId, "workspace.created", workspace.id().toString(),
				Map.of("name", workspace.name(), "labelCeiling", workspace.labelCeiling().value())));
		for (Member member : workspace.members()) {
			events.add(added(workspace, member));
			entries.add(memberAdded(workspace.id(), actorId, member));
		}
		Document document = new Document();
		this.mongo.getConverter().write(workspace, document);
		this.audit.add(document, entries);
		this.events.insert(document, COLLECTION, events.toArray(EventEnvelope[]::new));
		this.audit.drain(COLLECTION, workspace.id());
	}

	/**
	 * The person's organisation is the one identity says they belong to (ADR 0027): it decides who sees
	 * TLP:AMBER+STRICT documents and who acknowledges for an organisation, so an owner cannot choose it. A request
	 * that names another organisation is refused, not silently corrected, so the owner learns of the mistake. It
	 * becomes a member organisation if it is not one yet: every member must belong to a member organisation (ADR
	 * 0012).
	 */
	Workspace addMember(Caller caller, UUID id, String personId, @Nullable String claimedOrganisation, Role role) {
		Workspace workspace = this.access.require(caller, id, Need.OWNER, "membership.add");
		String organisation = this.people.organisationOf(personId)
			.orElseThrow(() -> Problem.unprocessable("unknown-person", "Unknown person",
					"Parley has not heard of this person from identity yet. People can be added once they have "
							+ "accepted their invitation; check the person id."));
		if (claimedOrganisation != null && !claimedOrganisation.equals(organisation)) {
			throw Problem.unprocessable("organisation-mismatch", "Not this person's organisation",
					"organisation: this person belongs to " + organisation + ", not " + claimedOrganisation
							+ ". Leave the field out: a member's organisation always comes from identity.");
		}
		Member member = new Member(personId, organisation, role);
		if (workspace.isMember(member.personId())) {
			throw Problem.conflict("already-member", "Already a member",
					"This person is a member of the workspace already; change their role in the members list instead.");
		}
		List<Member> members = new ArrayList<>(workspace.members());
		members.add(member);
		List<PendingEntry> entries = new ArrayList<>();
		List<String> organisations = new ArrayList<>(workspace.organisations());
		if (!organisations.contains(member.organisation())) {
			organisations.add(member.organisation());
			entries.add(this.audit.entry(id, caller.id(), "organisation.added", member.organisation(),
					Map.of("reason", "member-added", "personId", member.personId())));
		}
		entries.add(memberAdded(id, caller.id(), member));
		Workspace changed = with(workspace, members, organisations);
		change(workspace, changed, entries, added(changed, member));
		log.info("Workspace {}: {} added {} ({}, {})", id, caller.id(), member.personId(), member.organisation(),
				member.role());
		return changed;
	}

	Workspace removeMember(Caller caller, UUID id, String personId) {
		Workspace workspace = this.access.require(caller, id, Need.OWNER, "membership.remove");
		Member member = workspace.member(personId).orElseThrow(() -> Problem.notFound("member"));
		if (member.role() == Role.OWNER && workspace.owners() == 1) {
			throw lastOwner();
		}
		Workspace changed = without(workspace, List.of(personId));
		change(workspace, changed, List.of(memberRemoved(id, caller.id(), member, "removed")),
				removed(changed, personId));
		log.info("Workspace {}: {} removed {}", id, caller.id(), personId);
		return changed;
	}

	/**
	 * Gives a member another role, in place: the change, its {@code membership.role-changed} audit entry and its event
	 * in one write. The same role changes nothing and records nothing. The last owner cannot step down.
	 */
	Workspace changeRole(Caller caller, UUID id, String personId, Role role) {
		Workspace workspace = this.access.require(caller, id, Need.OWNER, "membership.role-change");
		Member member = workspace.member(personId).orElseThrow(() -> Problem.notFound("member"));
		if (member.role() == role) {
			return workspace;
		}
		if (member.role() == Role.OWNER && workspace.owners() == 1) {
			throw lastOwner();
		}
		Member changedMember = new Member(personId, member.organisation(), role);
		Workspace changed = with(workspace, workspace.members()
			.stream()
			.map((each) -> each.personId().equals(personId) ? changedMember : each)
			.toList(), workspace.organisations());
		PendingEntry entry = this.audit.entry(id, caller.id(), "membership.role-changed", personId,
				Map.of("organisation", member.organisation(), "previousRole", member.role().eventValue(), "role",
						role.eventValue()));
		change(workspace, changed, List.of(entry),
				this.events.event(id.toString(), changed.version(), new WorkspaceMemberRoleChanged(id,
						UUID.fromString(personId), member.organisation(), member.role().eventValue(),
						role.eventValue())));
		log.info("Workspace {}: {} changed the role of {} from {} to {}", id, caller.id(), personId, member.role(),
				role);
		return changed;
	}

	Workspace addOrganisation(Caller caller, UUID id, String organisation) {
		Workspace workspace = this.access.require(caller, id, Need.OWNER, "organisation.add");
		if (workspace.organisations().contains(organisation)) {
			throw Problem.conflict("already-member-organisation", "Already a member organisation",
					"This organisation is a member of the workspace already.");
		}
		List<String> organisations = new ArrayList<>(workspace.organisations());
		organisations.add(organisation);
		Workspace changed = with(workspace, workspace.members(), organisations);
		change(workspace, changed,
				List.of(this.audit.entry(id, caller.id(), "organisation.added", organisation, Map.of())));
		log.info("Workspace {}: {} added organisation {}", id, caller.id(), organisation);
		return changed;
	}

	/**
	 * Removes the organisation and, in the same write, every member person of it (one {@code membership.removed}
	 * each): nobody stays in a workspace through an organisation that left it. Refused if that would leave no
	 * owner.
	 */
	Workspace removeOrganisation(Caller caller, UUID id, String organisation) {
		Workspace workspace = this.access.require(caller, id, Need.OWNER, "organisation.remove");
		if (!workspace.organisations().contains(organisation)) {
			throw Problem.notFound("member organisation");
		}
		List<Member> leaving = workspace.members()
			.stream()
			.filter((member) -> member.organisation().equals(organisation))
			.toList();
		List<String> leavingIds = leaving.stream().map(Member::personId).toList();
		Workspace changed = with(workspace, without(workspace, leavingIds).members(),
				workspace.organisations().stream().filter((other) -> !other.equals(organisation)).toList());
		if (changed.owners() == 0) {
			throw lastOwner();
		}
		List<PendingEntry> entries = new ArrayList<>();
		entries.add(this.audit.entry(id, caller.id(), "organisation.removed", organisation,
				Map.of("membersRemoved", Integer.toString(leaving.size()))));
		for (Member member : leaving) {
			entries.add(memberRemoved(id, caller.id(), member, "organisation-removed"));
		}
		change(workspace, changed, entries,
				leavingIds.stream().map((personId) -> removed(changed, personId)).toArray(EventEnvelope[]::new));
		log.info("Workspace {}: {} removed organisation {} and {} member(s)", id, caller.id(), organisation,
				leaving.size());
		return changed;
	}

	/**
	 * Takes an offboarded person out of every workspace, one event per workspace. Idempotent by its guard: a
	 * workspace the person already left is not read again, so a redelivered event records nothing. The last owner
	 * goes too: an offboarded person keeps no access, and a portal admin appoints a new owner.
	 *
	 * @return how many workspaces the person was removed from
	 */
	public int removeEverywhere(String personId) {
		int removed = 0;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			List<Workspace> remaining = this.mongo.find(new Query(where("members.personId").is(personId)),
					Workspace.class);
			if (remaining.isEmpty()) {
				return removed;
			}
			for (Workspace workspace : remaining) {
				Workspace changed = without(workspace, List.of(personId));
				Member member = workspace.member(personId).orElseThrow();
				if (tryChange(workspace, changed, List.of(memberRemoved(workspace.id(), SYSTEM, member, "offboarded")),
						removed(changed, personId))) {
					removed++;
				}
			}
		}
		throw new IllegalStateException("Could not remove " + personId + " from its workspaces after " + MAX_ROUNDS
				+ " rounds of concurrent changes");
	}

	/**
	 * Takes people, and member organisations with every person of theirs, out of a workspace on nobody's request (the
	 * entries name {@code system}): a war room following its release's workspace (ADR 0032). One write per call,
	 * retried on a workspace changed meanwhile; idempotent by its guard, so a redelivered event finds nobody left to
	 * remove and writes nothing. The last owner may go, as with offboarding.
	 *
	 * @param reason the {@code reason} of the audit entries
	 * @return how many people left
	 */
	public int removeOnBehalfOfNobody(UUID id, Collection<String> people, Collection<String> organisations,
			String reason) {
		for (int round = 0; round < MAX_ROUNDS; round++) {
			Optional<Workspace> found = find(id);
			if (found.isEmpty()) {
				return 0;
			}
			Workspace workspace = found.get();
			List<Member> leaving = workspace.members()
				.stream()
				.filter((member) -> people.contains(member.personId())
						|| organisations.contains(member.organisation()))
				.toList();
			List<String> leavingOrganisations = workspace.organisations()
				.stream()
				.filter(organisations::contains)
				.toList();
			if (leaving.isEmpty() && leavingOrganisations.isEmpty()) {
				return 0;
			}
			List<String> leavingIds = leaving.stream().map(Member::personId).toList();
			Workspace changed = with(workspace, without(workspace, leavingIds).members(), workspace.organisations()
				.stream()
				.filter((organisation) -> !leavingOrganisations.contains(organisation))
				.toList());
			List<PendingEntry> entries = new ArrayList<>();
			for (String organisation : leavingOrganisations) {
				entries.add(this.audit.entry(id, SYSTEM, "organisation.removed", organisation, Map.of("reason", reason,
						"membersRemoved", Long.toString(leaving.stream()
							.filter((member) -> member.organisation().equals(organisation))
							.count()))));
			}
			for (Member member : leaving) {
				entries.add(memberRemoved(id, SYSTEM, member, reason));
			}
			if (tryChange(workspace, changed, entries,
					leavingIds.stream().map((personId) -> removed(changed, personId)).toArray(EventEnvelope[]::new))) {
				if (changed.owners() == 0 && !changed.members().isEmpty()) {
					log.warn("Workspace {} has no owner left after {} left ({}); a portal admin appoints one", id,
							leavingIds, reason);
				}
				return leaving.size();
			}
		}
		throw new IllegalStateException("Could not take " + people + " and " + organisations + " out of " + id
				+ " after " + MAX_ROUNDS + " rounds of concurrent changes");
	}

	private static Problem lastOwner() {
		return Problem.conflict("last-owner", "Last owner",
				"A workspace keeps at least one owner; make someone else an owner first.");
	}

	private void change(Workspace current, Workspace changed, List<PendingEntry> entries, EventEnvelope... events) {
		if (!tryChange(current, changed, entries, events)) {
			throw Problem.conflict("concurrent-change", "Changed meanwhile",
					"The workspace was changed by someone else meanwhile; reload and try again.");
		}
	}

	private boolean tryChange(Workspace current, Workspace changed, List<PendingEntry> entries,
			EventEnvelope... events) {
		Query sameVersion = new Query(where("_id").is(current.id()).and("version").is(current.version()));
		// Members and organisations are $set whole: the version condition makes that safe, and a whole list is what
		// every Mongo flavour (the embedded one included) updates the same way.
		Update update = new Update().set("members", documents(changed.members()))
			.set("organisations", changed.organisations())
			.inc("version", 1);
		boolean done = this.events.update(sameVersion, this.audit.add(update, entries), Workspace.class, events)
			.getModifiedCount() > 0;
		if (done) {
			this.audit.drain(COLLECTION, current.id());
		}
		return done;
	}

	private PendingEntry memberAdded(UUID workspaceId, String actorId, Member member) {
		return this.audit.entry(workspaceId, actorId, "membership.added", member.personId(),
				Map.of("organisation", member.organisation(), "role", member.role().eventValue()));
	}

	private PendingEntry memberRemoved(UUID workspaceId, String actorId, Member member, String reason) {
		return this.audit.entry(workspaceId, actorId, "membership.removed", member.personId(),
				Map.of("organisation", member.organisation(), "role", member.role().eventValue(), "reason", reason));
	}

	private static List<Document> documents(List<Member> members) {
		return members.stream()
			.map((member) -> new Document("personId", member.personId()).append("organisation", member.organisation())
				.append("role", member.role().name()))
			.toList();
	}

	private static Workspace without(Workspace workspace, List<String> personIds) {
		return with(workspace, workspace.members()
			.stream()
			.filter((member) -> !personIds.contains(member.personId()))
			.toList(), workspace.organisations());
	}

	private static Workspace with(Workspace workspace, List<Member> members, List<String> organisations) {
		return new Workspace(workspace.id(), workspace.name(), workspace.purpose(), workspace.labelCeiling(),
				List.copyOf(members), List.copyOf(organisations), workspace.createdAt(), workspace.createdBy(),
				workspace.version() + 1);
	}

	/** {@code changed} carries the version the write gives the workspace. */
	private EventEnvelope added(Workspace changed, Member member) {
		return this.events.event(changed.id().toString(), changed.version(), new WorkspaceMemberAdded(changed.id(),
				UUID.fromString(member.personId()), member.organisation(), member.role().eventValue()));
	}

	private EventEnvelope removed(Workspace changed, String personId) {
		return this.events.event(changed.id().toString(), changed.version(),
				new WorkspaceMemberRemoved(changed.id(), UUID.fromString(personId)));
	}

	private static boolean isUuid(String value) {
		try {
			return UUID.fromString(value).toString().equals(value);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
