package io.parley.workspace.releases;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.Inputs;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.workspaces.MemberNames;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import io.parley.workspace.workspaces.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A halted release's war room: an incident workspace for the people of the participating organisations who may
 * read the release, opened once per release (ADR 0032).
 * <p>
 * Once: the room's id is a name-based UUID of the release id, the same on every instance and every delivery, and
 * {@link Workspaces#openOnce} inserts it with that {@code _id}. Whoever loses the race (a redelivery, a second
 * instance handling the same message, a later halt) finds it open and writes no second workspace and no second set
 * of events.
 * <p>
 * Who is in it: member organisations are the event's participants that are member organisations of the release's
 * workspace; member people are that workspace's members of those organisations who may read the release under its
 * label (platform's {@code Audience}, as for its audit entries). Owners of the release's workspace stay owners, the
 * others are contributors. If none of them is an owner there, the person who halted it owns the room if they are in
 * it, else the releasing organisation's people do, else everyone in it: a room nobody may manage is never opened.
 * The ceiling is {@code TLP:AMBER+STRICT}.
 * <p>
 * Afterwards the room follows the release's workspace: whoever leaves it (removed, with their organisation, or
 * offboarded) leaves the room ({@link #memberLeft}, from workspace's own events); later halts, resumes and roll-backs
 * are copied into the room's chain.
 */
@Service
class WarRooms {

	static final TlpLabel CEILING = TlpLabel.AMBER_STRICT;

	/** Who the room's own {@code workspace.created} and {@code membership.added} entries name: no person did it. */
	private static final String SYSTEM = "system";

	/** What a workspace name may not contain ({@link Inputs#WORKSPACE_NAME}); a product name's others become spaces. */
	private static final String NOT_IN_NAMES = "[^\\p{L}\\p{M}\\p{N} &.,:'’()/+_-]";

	private static final Logger log = LoggerFactory.getLogger(WarRooms.class);

	private final Workspaces workspaces;

	private final AuditOutbox audit;

	private final AuditTrail trail;

	private final MongoTemplate mongo;

	private final MemberNames people;

	private final Clock clock = Clock.systemUTC();

	WarRooms(Workspaces workspaces, AuditOutbox audit, AuditTrail trail, MongoTemplate mongo, MemberNames people) {
		this.workspaces = workspaces;
		this.audit = audit;
		this.trail = trail;
		this.mongo = mongo;
		this.people = people;
	}

	/** The id of a release's war room, the same everywhere: a name-based UUID of the release id. */
	static UUID idFor(UUID releaseId) {
		return UUID.nameUUIDFromBytes(("parley:war-room:" + releaseId).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Opens the release's war room if the halt asks for one and none is open; a room that is open hears of the halt
	 * in its audit chain instead.
	 *
	 * @param details what the halt's entry in the release's workspace says
	 */
	void halted(ReleaseHalted event, EventEnvelope envelope, Map<String, String> details) {
		ReleaseSummary release = event.release();
		UUID id = idFor(release.releaseId());
		if (this.workspaces.find(id).isPresent()) {
			heardAgain(id, event, envelope, details);
			return;
		}
		if (!event.openWarRoom()) {
			return;
		}
		Optional<Workspace> source = this.workspaces.find(release.workspaceId());
		if (source.isEmpty()) {
			log.warn("No war room for release {} (event {}): its workspace {} does not exist here",
					release.releaseId(), envelope.id(), release.workspaceId());
			return;
		}
		List<Member> members = members(source.get(), event);
		if (members.isEmpty()) {
			log.warn("No war room for release {} (event {}): no member of workspace {} in {} may read it",
					release.releaseId(), envelope.id(), release.workspaceId(), event.participants());
			return;
		}
		Workspace room = new Workspace(id, name(release), purpose(event), CEILING, members,
				organisations(source.get(), event), this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				createdBy(event, members), 1);
		Map<String, String> opened = new LinkedHashMap<>(details);
		opened.put("sourceWorkspaceId", release.workspaceId().toString());
		// The same id the halt's entry in this chain would get (ReleaseEvents.entryId): so the opening event, heard
		// again, adds nothing to the room's chain.
		if (this.workspaces.openOnce(room, SYSTEM,
				List.of(ReleaseEvents.entry(envelope, id, event.actorId(), "war-room.opened", release, opened)))) {
			log.info("War room {} opened for release {} (event {}): {} member(s) of {}", id, release.releaseId(),
					envelope.id(), members.size(), room.organisations());
		}
		else {
			heardAgain(id, event, envelope, details);
		}
	}

	/**
	 * A halt of a release whose room is open: one {@code release.halted} entry in the room's chain per event. For the
	 * event that opened the room its {@code war-room.opened} entry has this entry's id, so a redelivery adds nothing.
	 */
	private void heardAgain(UUID id, ReleaseHalted event, EventEnvelope envelope, Map<String, String> details) {
		append(id, envelope, event.actorId(), "release.halted", event.release(), details);
	}

	/**
	 * Copies a later event of the release ({@code release.resumed}, {@code release.rolled-back}) into its room's
	 * chain, once per event, if a room is open.
	 */
	void copy(EventEnvelope envelope, String actorId, String action, ReleaseSummary release,
			Map<String, String> details) {
		UUID id = idFor(release.releaseId());
		if (this.workspaces.find(id).isPresent()) {
			append(id, envelope, actorId, action, release, details);
		}
	}

	/**
	 * The room's pending audit entries are moved to the chain first so that, after a crash between opening the room
	 * and moving them, the opening entry is the one that lands.
	 */
	private void append(UUID id, EventEnvelope envelope, String actorId, String action, ReleaseSummary release,
			Map<String, String> details) {
		this.audit.drain(Workspaces.COLLECTION, id);
		AuditEntry entry = this.trail.append(ReleaseEvents.entry(envelope, id, actorId, action, release, details));
		log.info("War room {} of release {} heard event {}: entry {} ({})", id, release.releaseId(), envelope.id(),
				entry.sequence(), entry.action());
	}

	/**
	 * Someone left a workspace (workspace's own {@code membership.removed}: removed by an owner, with their
	 * organisation, or offboarded). If it is the workspace of releases whose rooms are open, they leave those rooms
	 * too; if their organisation is no member organisation of it any more, the organisation leaves the rooms with
	 * every person of it. Nothing happens when they are a member again by now (a late or repeated event): then the
	 * rooms' owners decide. Idempotent: who already left is not removed again.
	 */
	void memberLeft(WorkspaceMemberRemoved event, EventEnvelope envelope) {
		Optional<Workspace> source = this.workspaces.find(event.workspaceId());
		String personId = event.personId().toString();
		if (source.isEmpty() || source.get().isMember(personId)) {
			return;
		}
		for (KnownRelease release : this.mongo.find(new Query(where("workspaceId").is(event.workspaceId())),
				KnownRelease.class)) {
			UUID id = idFor(release.id());
			Optional<Workspace> room = this.workspaces.find(id);
			if (room.isEmpty()) {
				continue;
			}
			Optional<String> organisation = room.get()
				.member(personId)
				.map(Member::organisation)
				.or(() -> this.people.organisationOf(personId));
			Set<String> organisations = organisation
				.filter((left) -> room.get().organisations().contains(left)
						&& !source.get().organisations().contains(left))
				.map(Set::of)
				.orElse(Set.of());
			int removed = this.workspaces.removeOnBehalfOfNobody(id, Set.of(personId), organisations,
					"left-release-workspace");
			if (removed > 0 || !organisations.isEmpty()) {
				log.info("War room {} of release {} follows workspace {} (event {}): {} left{}", id, release.id(),
						event.workspaceId(), envelope.id(), personId,
						organisations.isEmpty() ? "" : " with organisation " + organisations + " (" + removed + ")");
			}
		}
	}

	/** The participants' people in the release's workspace who may read the release, with their roles in the room. */
	static List<Member> members(Workspace source, ReleaseHalted event) {
		KnownRelease release = KnownRelease.of(event.release(), 0);
		Set<String> participants = Set.copyOf(event.participants());
		List<Member> readers = source.members()
			.stream()
			.filter((member) -> participants.contains(member.organisation()))
			.filter(release::readableBy)
			.toList();
		Predicate<Member> owner = owners(readers, event);
		return readers.stream()
			.map((member) -> new Member(member.personId(), member.organisation(),
					owner.test(member) ? Role.OWNER : Role.CONTRIBUTOR))
			.toList();
	}

	/** The first rule that makes anyone in the room an owner. */
	private static Predicate<Member> owners(List<Member> readers, ReleaseHalted event) {
		List<Predicate<Member>> rules = List.of((member) -> member.role() == Role.OWNER,
				(member) -> member.personId().equals(event.actorId()),
				(member) -> member.organisation().equals(event.release().organisationId()));
		return rules.stream()
			.filter((rule) -> readers.stream().anyMatch(rule))
			.findFirst()
			.orElse((member) -> true);
	}

	private static List<String> organisations(Workspace source, ReleaseHalted event) {
		return event.participants().stream().filter(source.organisations()::contains).distinct().toList();
	}

	/** {@code WorkspaceCreated.createdBy} is a person: the one who halted it, or an owner for an automatic halt. */
	private static String createdBy(ReleaseHalted event, List<Member> members) {
		try {
			return UUID.fromString(event.actorId()).toString();
		}
		catch (IllegalArgumentException ex) {
			return members.stream().filter((member) -> member.role() == Role.OWNER).findFirst().orElseThrow().personId();
		}
	}

	/** "War room: product version", within what a workspace name may be. */
	static String name(ReleaseSummary release) {
		String name = ("War room: " + release.product() + " " + release.version()).replaceAll(NOT_IN_NAMES, " ")
			.replaceAll("\\s+", " ")
			.strip();
		if (name.length() > Inputs.WORKSPACE_NAME_MAX) {
			name = name.substring(0, Inputs.WORKSPACE_NAME_MAX);
		}
		while (!name.matches(Inputs.WORKSPACE_NAME)) {
			// it must end with a letter, digit, '.' or ')'; "War room" always does
			name = name.substring(0, name.length() - 1);
		}
		return name;
	}

	static String purpose(ReleaseHalted event) {
		ReleaseSummary release = event.release();
		String purpose = "Opened by Parley when release " + release.product() + " " + release.version() + " ("
				+ release.releaseId() + ") of " + release.organisationId() + " was halted in ring " + event.ring()
				+ (event.automatic() ? " by a breached health gate" : " by hand") + ": " + event.reason();
		purpose = purpose.replaceAll("[\\p{C}&&[^\\n]]", "");
		return (purpose.length() > Inputs.PURPOSE_MAX) ? purpose.substring(0, Inputs.PURPOSE_MAX) : purpose;
	}

}
