package io.parley.workspace.workspaces;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.security.Caller;
import io.parley.workspace.WorkspaceProblem;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Workspaces and their membership events. Every change is one update of the workspace's document, conditional on
 * the version that was read and checked, which also appends the event to the document's outbox: the change and
 * its event are stored together or not at all, and a rule checked on the read (the last owner stays) still holds
 * when the write lands.
 */
@Service
public class Workspaces {

	/** Offboarding retries a workspace changed meanwhile; this many rounds means something is badly wrong. */
	private static final int MAX_ROUNDS = 20;

	private final MongoTemplate mongo;

	private final WorkspaceRepository repository;

	private final EventRecorder events;

	private final Clock clock = Clock.systemUTC();

	Workspaces(MongoTemplate mongo, WorkspaceRepository repository, EventRecorder events) {
		this.mongo = mongo;
		this.repository = repository;
		this.events = events;
	}

	/** The workspaces a person is a member of, by name. */
	public List<Workspace> of(String personId) {
		return this.repository.findByMembersPersonIdOrderByNameAsc(personId);
	}

	/** A workspace whoever asks; callers decide what membership means for their own data (documents). */
	public Optional<Workspace> find(UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Workspace.class));
	}

	/** The workspace if the caller is a member; otherwise it does not exist for them. */
	Workspace visibleTo(Caller caller, UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Workspace.class))
			.filter((workspace) -> workspace.isMember(caller.id()))
			.orElseThrow(() -> WorkspaceProblem.notFound("workspace"));
	}

	Workspace create(Caller caller, String name, String purpose, TlpLabel labelCeiling) {
		if (!caller.hasRole(Caller.PORTAL_ADMIN)) {
			throw WorkspaceProblem.forbidden("Only portal admins create workspaces.");
		}
		String organisation = caller.organisation();
		if (organisation == null || !isUuid(caller.id())) {
			throw WorkspaceProblem.forbidden("Your account belongs to no organisation and cannot own a workspace.");
		}
		Member owner = new Member(caller.id(), organisation, Role.OWNER);
		Workspace workspace = new Workspace(UUID.randomUUID(), name, purpose, labelCeiling, List.of(owner),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS), caller.id(), 1);
		// Created first, then the first owner like any later member: consumers that only track membership need
		// nothing else. Both events carry version 1; the outbox keeps their order.
		EventEnvelope created = this.events.event(workspace.id().toString(), workspace.version(),
				new WorkspaceCreated(workspace.id(), name, labelCeiling.value(), UUID.fromString(caller.id())));
		this.events.insert(workspace, created, added(workspace, owner));
		return workspace;
	}

	Workspace addMember(Caller caller, UUID id, Member member) {
		Workspace workspace = ownedBy(caller, id);
		if (workspace.isMember(member.personId())) {
			throw WorkspaceProblem.conflict("already-member", "Already a member",
					"This person is a member of the workspace already; remove them first to change their role.");
		}
		List<Member> members = new ArrayList<>(workspace.members());
		members.add(member);
		Workspace changed = withMembers(workspace, members);
		change(workspace, changed, added(changed, member));
		return changed;
	}

	Workspace removeMember(Caller caller, UUID id, String personId) {
		Workspace workspace = ownedBy(caller, id);
		Member member = workspace.member(personId).orElseThrow(() -> WorkspaceProblem.notFound("member"));
		if (member.role() == Role.OWNER && workspace.owners() == 1) {
			throw WorkspaceProblem.conflict("last-owner", "Last owner",
					"A workspace keeps at least one owner; make someone else an owner first.");
		}
		Workspace changed = without(workspace, personId);
		change(workspace, changed, removed(changed, personId));
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
				Workspace changed = without(workspace, personId);
				if (tryChange(workspace, changed, removed(changed, personId))) {
					removed++;
				}
			}
		}
		throw new IllegalStateException("Could not remove " + personId + " from its workspaces after " + MAX_ROUNDS
				+ " rounds of concurrent changes");
	}

	private Workspace ownedBy(Caller caller, UUID id) {
		Workspace workspace = visibleTo(caller, id);
		if (workspace.member(caller.id()).map(Member::role).orElseThrow() != Role.OWNER) {
			throw WorkspaceProblem.forbidden("Only owners of the workspace change its members.");
		}
		return workspace;
	}

	private void change(Workspace current, Workspace changed, EventEnvelope event) {
		if (!tryChange(current, changed, event)) {
			throw WorkspaceProblem.conflict("concurrent-change", "Changed meanwhile",
					"The workspace was changed by someone else meanwhile; reload and try again.");
		}
	}

	private boolean tryChange(Workspace current, Workspace changed, EventEnvelope event) {
		Query sameVersion = new Query(where("_id").is(current.id()).and("version").is(current.version()));
		// The members are $set whole: the version condition makes that safe, and a whole list is what every Mongo
		// flavour (the embedded one included) updates the same way.
		Update update = new Update().set("members", documents(changed.members())).inc("version", 1);
		return this.events.update(sameVersion, update, Workspace.class, event).getModifiedCount() > 0;
	}

	private static List<Document> documents(List<Member> members) {
		return members.stream()
			.map((member) -> new Document("personId", member.personId()).append("organisation", member.organisation())
				.append("role", member.role().name()))
			.toList();
	}

	private static Workspace without(Workspace workspace, String personId) {
		return withMembers(workspace,
				workspace.members().stream().filter((member) -> !member.personId().equals(personId)).toList());
	}

	private static Workspace withMembers(Workspace workspace, List<Member> members) {
		return new Workspace(workspace.id(), workspace.name(), workspace.purpose(), workspace.labelCeiling(),
				List.copyOf(members), workspace.createdAt(), workspace.createdBy(), workspace.version() + 1);
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
