package io.parley.notifications.directory;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.platform.events.contract.DocumentDeleted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;
import io.parley.platform.security.Caller;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Notifications' own projection of who exists and who may see what, built from events (and from callers' tokens,
 * for people who never joined through an invitation), never read from another service's database:
 * {@code people}, {@code workspaces}, {@code memberships} (one document per workspace and person) and
 * {@code documents} (label, audience, followers) and {@code releases} (the workspace each belongs to). Every write is a {@code $set}/{@code $addToSet}/delete, so
 * applying an event twice leaves the same state.
 */
@Service
public class Directory {

	static final String PEOPLE = "people";

	static final String WORKSPACES = "workspaces";

	static final String MEMBERSHIPS = "memberships";

	static final String DOCUMENTS = "documents";

	static final String RELEASES = "releases";

	private final MongoTemplate mongo;

	private final Map<UUID, String> workspaceNames = new ConcurrentHashMap<>();

	/** What this instance last wrote from each caller's token: an unchanged token costs no write. */
	private final Map<String, Caller> seen = new ConcurrentHashMap<>();

	Directory(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	public record Person(String id, @Nullable String name, @Nullable String email, @Nullable String organisationId,
			@Nullable String organisationType, @Nullable String sponsorId, boolean offboarded) {
	}

	public record Member(String personId, @Nullable String organisationId, @Nullable String role) {
	}

	// ---- people

	public void on(MemberJoined event) {
		upsertPerson(event.personId().toString(), event.name(), event.email(), event.organisationId(),
				event.organisationType(), null);
	}

	/** The person as the caller's token describes them (demo people seeded in Keycloak never emit MemberJoined). */
	public void remember(Caller caller) {
		if (caller.equals(this.seen.get(caller.id()))) {
			return;
		}
		// only a token says who administers an organisation (no event does): webhooks tell them when an endpoint fails
		upsertPerson(caller.id(), caller.name(), caller.email(), caller.organisation(),
				(caller.organisationType() != null) ? caller.organisationType().name() : null,
				caller.hasRole(Caller.ORG_ADMIN));
		this.seen.put(caller.id(), caller);
	}

	private void upsertPerson(String id, @Nullable String name, @Nullable String email, @Nullable String organisation,
			@Nullable String organisationType, @Nullable Boolean orgAdmin) {
		Update update = new Update();
		if (orgAdmin != null) {
			update.set("orgAdmin", orgAdmin);
		}
		setIfPresent(update, "name", name);
		setIfPresent(update, "email", email);
		setIfPresent(update, "organisationId", organisation);
		setIfPresent(update, "organisationType", organisationType);
		this.mongo.upsert(byId(id), update, PEOPLE);
	}

	public void sponsor(UUID personId, @Nullable UUID sponsorId) {
		if (sponsorId != null) {
			this.mongo.upsert(byId(personId.toString()), new Update().set("sponsorId", sponsorId.toString()), PEOPLE);
		}
	}

	/** Marks the person offboarded and drops every membership they had. */
	public void offboard(UUID personId, Instant at) {
		this.mongo.upsert(byId(personId.toString()), new Update().set("offboardedAt", Date.from(at)), PEOPLE);
		this.mongo.remove(new Query(where("personId").is(personId.toString())), MEMBERSHIPS);
		this.seen.remove(personId.toString());
	}

	public Optional<Person> person(String id) {
		Document found = this.mongo.findById(id, Document.class, PEOPLE);
		if (found == null) {
			return Optional.empty();
		}
		return Optional.of(new Person(id, found.getString("name"), found.getString("email"),
				found.getString("organisationId"), found.getString("organisationType"), found.getString("sponsorId"),
				found.get("offboardedAt") != null));
	}

	/** Every known person of a GOVERNMENT organisation who is still on board. */
	public Set<String> governmentPeople() {
		Set<String> ids = new LinkedHashSet<>();
		this.mongo
			.find(new Query(where("organisationType").is("GOVERNMENT").and("offboardedAt").exists(false)),
					Document.class, PEOPLE)
			.forEach((person) -> ids.add(person.getString("_id")));
		return ids;
	}

	/** The on-board administrators of an organisation, as far as their own tokens told us. */
	public Set<String> organisationAdmins(String organisationId) {
		Set<String> ids = new LinkedHashSet<>();
		this.mongo
			.find(new Query(where("organisationId").is(organisationId).and("orgAdmin").is(true)
				.and("offboardedAt").exists(false)), Document.class, PEOPLE)
			.forEach((person) -> ids.add(person.getString("_id")));
		return ids;
	}

	/** Of these people, those identity (or their own token) says belong to an organisation of this type. */
	public Set<String> ofOrganisationType(Collection<String> people, String organisationType) {
		Set<String> ids = new LinkedHashSet<>();
		if (!people.isEmpty()) {
			this.mongo
				.find(new Query(where("_id").in(people).and("organisationType").is(organisationType)), Document.class,
						PEOPLE)
				.forEach((person) -> ids.add(person.getString("_id")));
		}
		return ids;
	}

	// ---- workspaces and memberships

	public void on(WorkspaceCreated event) {
		this.mongo.upsert(byId(event.workspaceId().toString()),
				new Update().set("name", event.name()).set("createdBy", event.createdBy().toString()), WORKSPACES);
		this.workspaceNames.put(event.workspaceId(), event.name());
	}

	/** Whoever created the workspace, if notifications has heard of its creation. */
	public Optional<String> workspaceCreator(UUID workspaceId) {
		Document found = this.mongo.findById(workspaceId.toString(), Document.class, WORKSPACES);
		return Optional.ofNullable(found).map((workspace) -> workspace.getString("createdBy"));
	}

	/**
	 * Kept in memory once read: no event renames a workspace, so a name, once known, is the name (a workspace not
	 * known yet is asked again next time).
	 */
	public Optional<String> workspaceName(UUID workspaceId) {
		String known = this.workspaceNames.get(workspaceId);
		if (known != null) {
			return Optional.of(known);
		}
		Document found = this.mongo.findById(workspaceId.toString(), Document.class, WORKSPACES);
		Optional<String> name = Optional.ofNullable(found).map((workspace) -> workspace.getString("name"));
		name.ifPresent((value) -> this.workspaceNames.put(workspaceId, value));
		return name;
	}

	public void on(WorkspaceMemberAdded event) {
		String workspace = event.workspaceId().toString();
		String person = event.personId().toString();
		this.mongo.upsert(byId(workspace + ":" + person),
				new Update().set("workspaceId", workspace)
					.set("personId", person)
					.set("organisationId", event.organisationId())
					.set("role", event.role()),
				MEMBERSHIPS);
	}

	/**
	 * Only a membership notifications knows takes the new role: a role change redelivered after the member was removed
	 * must not bring them back.
	 */
	public void on(WorkspaceMemberRoleChanged event) {
		this.mongo.updateFirst(byId(event.workspaceId() + ":" + event.personId()),
				new Update().set("role", event.role()), MEMBERSHIPS);
	}

	public void removeMember(UUID workspaceId, UUID personId) {
		this.mongo.remove(byId(workspaceId + ":" + personId), MEMBERSHIPS);
	}

	public boolean isMember(UUID workspaceId, String personId) {
		return this.mongo.exists(byId(workspaceId + ":" + personId), MEMBERSHIPS);
	}

	public List<Member> membersOf(UUID workspaceId) {
		return this.mongo.find(new Query(where("workspaceId").is(workspaceId.toString())), Document.class, MEMBERSHIPS)
			.stream()
			.map(Directory::member)
			.toList();
	}

	/** Every member of every workspace, once each (the organisation is the one of their first membership). */
	public Collection<Member> everyMember() {
		Map<String, Member> members = new java.util.LinkedHashMap<>();
		this.mongo.findAll(Document.class, MEMBERSHIPS)
			.forEach((membership) -> members.putIfAbsent(membership.getString("personId"), member(membership)));
		return members.values();
	}

	private static Member member(Document membership) {
		return new Member(membership.getString("personId"), membership.getString("organisationId"),
				membership.getString("role"));
	}

	// ---- documents

	public void on(DocumentVersionAdded event) {
		this.mongo.upsert(byId(event.documentId().toString()),
				audience(new Update().set("workspaceId", event.workspaceId().toString())
					.set("title", event.title())
					.set("label", event.label())
					.set("uploadedBy", event.uploadedBy().toString()), event.uploaderOrganisationId(),
						event.namedPeople(), event.namedOrganisations())
					// the first uploader keeps the RED audience; every uploader of a version follows the document
					.setOnInsert("firstUploader", event.uploadedBy().toString())
					.addToSet("followers", event.uploadedBy().toString()),
				DOCUMENTS);
	}

	public void on(DocumentLabelChanged event) {
		this.mongo.upsert(byId(event.documentId().toString()),
				audience(new Update().set("workspaceId", event.workspaceId().toString()).set("label", event.to()),
						event.uploaderOrganisationId(), event.namedPeople(), event.namedOrganisations()),
				DOCUMENTS);
	}

	/** Deleted in workspace: kept with its audience, so later events about it reach nobody (not even mentions). */
	public void on(DocumentDeleted event) {
		this.mongo.upsert(byId(event.documentId().toString()),
				audience(new Update().set("workspaceId", event.workspaceId().toString())
					.set("label", event.label())
					.set("deleted", true)
					.set("deletedAt", event.deletedAt()), event.uploaderOrganisationId(), event.namedPeople(),
						event.namedOrganisations()),
				DOCUMENTS);
	}

	public void follow(UUID documentId, UUID personId) {
		this.mongo.upsert(byId(documentId.toString()), new Update().addToSet("followers", personId.toString()),
				DOCUMENTS);
	}

	public Optional<DocumentAudience> document(UUID documentId) {
		Document found = this.mongo.findById(documentId.toString(), Document.class, DOCUMENTS);
		if (found == null || found.getString("label") == null) {
			return Optional.empty();
		}
		String uploader = Objects.requireNonNullElse(found.getString("firstUploader"), found.getString("uploadedBy"));
		return Optional.of(new DocumentAudience(UUID.fromString(found.getString("workspaceId")),
				found.getString("title"), found.getString("label"), uploader,
				found.getString("uploaderOrganisationId"), strings(found, "namedPeople"),
				strings(found, "namedOrganisations"), strings(found, "followers"),
				Boolean.TRUE.equals(found.getBoolean("deleted"))));
	}

	// ---- releases (rollouts)

	/**
	 * Remembers which workspace a release belongs to: every {@code rollouts.release.*} event says so, and a mail
	 * about a release waits (retries, the digest) while people leave that workspace.
	 */
	public void on(ReleaseSummary release) {
		this.mongo.upsert(byId(release.releaseId().toString()),
				new Update().set("workspaceId", release.workspaceId().toString())
					.set("organisationId", release.organisationId())
					.set("label", release.label()),
				RELEASES);
	}

	public Optional<UUID> releaseWorkspace(UUID releaseId) {
		Document found = this.mongo.findById(releaseId.toString(), Document.class, RELEASES);
		return Optional.ofNullable(found).map((release) -> UUID.fromString(release.getString("workspaceId")));
	}

	private static Update audience(Update update, String uploaderOrganisation, List<UUID> namedPeople,
			List<String> namedOrganisations) {
		return update.set("uploaderOrganisationId", uploaderOrganisation)
			.set("namedPeople", namedPeople.stream().map(UUID::toString).toList())
			.set("namedOrganisations", namedOrganisations);
	}

	private static Set<String> strings(Document document, String field) {
		return new LinkedHashSet<>(document.getList(field, String.class, List.of()));
	}

	private static Query byId(String id) {
		return new Query(where("_id").is(id));
	}

	private static void setIfPresent(Update update, String field, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			update.set(field, value);
		}
	}

}
