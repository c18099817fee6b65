package io.parley.rollouts.workspaces;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Who belongs to which workspace, in which organisation and role, as workspace's events say: {@code workspaces}
 * (label ceiling), {@code memberships} (one document per workspace and person, kept after a removal as a
 * tombstone) and {@code organisations} (their type, from identity's {@code MemberJoined} and callers' tokens).
 * <p>
 * Membership events are applied in the workspace's order, not the order they arrive: each carries the workspace's
 * version, and a membership document only takes an event newer than the last one it took. So a redelivered
 * {@code membership.added} (at least once, possibly after the removal that followed it) never brings a removed
 * member back, and applying an event twice changes nothing.
 */
@Service
public class Memberships {

	static final String WORKSPACES = "workspaces";

	static final String MEMBERSHIPS = "memberships";

	static final String ORGANISATIONS = "organisations";

	private static final Logger log = LoggerFactory.getLogger(Memberships.class);

	private final MongoTemplate mongo;

	/** Organisation types this instance wrote already: an unchanged token costs no write. */
	private final Map<String, OrganisationType> knownTypes = new ConcurrentHashMap<>();

	Memberships(MongoTemplate mongo) {
		this.mongo = mongo;
		// Before the first event or request is served: the embedded wire server fails writes that run while an
		// index of the same collection is being built.
		mongo.indexOps(MEMBERSHIPS).createIndex(new Index().on("personId", Sort.Direction.ASC).named("person"));
		mongo.indexOps(MEMBERSHIPS).createIndex(new Index().on("workspaceId", Sort.Direction.ASC).named("workspace"));
	}

	/** A current member of a workspace. {@code role} is workspace's: owner, contributor or reader. */
	public record Member(UUID workspaceId, String personId, String organisationId, String role) {

		public boolean mayDeclare() {
			return "owner".equals(this.role) || "contributor".equals(this.role);
		}

	}

	// ---- events

	public void on(WorkspaceCreated event, EventEnvelope envelope) {
		this.mongo.upsert(byId(event.workspaceId().toString()),
				new Update().set("name", event.name()).set("labelCeiling", event.labelCeiling()), WORKSPACES);
		log.info("Workspace {} known with ceiling {} (event {})", event.workspaceId(), event.labelCeiling(),
				envelope.id());
	}

	public void on(WorkspaceMemberAdded event, EventEnvelope envelope) {
		boolean applied = apply(event.workspaceId(), event.personId(), envelope.aggregateVersion(),
				new Document("member", true).append("organisationId", event.organisationId())
					.append("role", event.role()));
		log.info("Workspace {}: member {} of {} as {} {} (event {}, version {})", event.workspaceId(),
				event.personId(), event.organisationId(), event.role(), applied ? "added" : "already known",
				envelope.id(), envelope.aggregateVersion());
	}

	public void on(WorkspaceMemberRemoved event, EventEnvelope envelope) {
		boolean applied = apply(event.workspaceId(), event.personId(), envelope.aggregateVersion(),
				new Document("member", false));
		log.info("Workspace {}: member {} {} (event {}, version {})", event.workspaceId(), event.personId(),
				applied ? "removed" : "removal already known", envelope.id(), envelope.aggregateVersion());
	}

	public void on(MemberJoined event, EventEnvelope envelope) {
		OrganisationType type = type(event.organisationType());
		if (type != null) {
			rememberType(event.organisationId(), type);
		}
	}

	/** The organisation type the caller's token states (people seeded in Keycloak never emit MemberJoined). */
	public void remember(Caller caller) {
		if (caller.organisation() != null && caller.organisationType() != null) {
			rememberType(caller.organisation(), caller.organisationType());
		}
	}

	// ---- questions

	public Optional<Member> member(UUID workspaceId, String personId) {
		Document found = this.mongo.findById(workspaceId + ":" + personId, Document.class, MEMBERSHIPS);
		return Optional.ofNullable(found).filter(Memberships::current).map(Memberships::member);
	}

	/** The person's current memberships, by workspace. */
	public Map<UUID, Member> of(String personId) {
		Map<UUID, Member> memberships = new LinkedHashMap<>();
		for (Document found : this.mongo.find(new Query(where("personId").is(personId)), Document.class,
				MEMBERSHIPS)) {
			if (current(found)) {
				Member member = member(found);
				memberships.put(member.workspaceId(), member);
			}
		}
		return memberships;
	}

	public List<Member> members(UUID workspaceId) {
		return this.mongo.find(new Query(where("workspaceId").is(workspaceId.toString())), Document.class, MEMBERSHIPS)
			.stream()
			.filter(Memberships::current)
			.map(Memberships::member)
			.toList();
	}

	/** The workspaces with a current member of this organisation. */
	public Set<UUID> workspacesOf(String organisation) {
		Set<UUID> workspaces = new LinkedHashSet<>();
		for (Document found : this.mongo.find(new Query(where("organisationId").is(organisation)), Document.class,
				MEMBERSHIPS)) {
			if (current(found)) {
				workspaces.add(member(found).workspaceId());
			}
		}
		return workspaces;
	}

	/** The workspace's label ceiling, once its {@code workspace.created} arrived. */
	public Optional<TlpLabel> labelCeiling(UUID workspaceId) {
		Document found = this.mongo.findById(workspaceId.toString(), Document.class, WORKSPACES);
		return Optional.ofNullable(found)
			.map((workspace) -> workspace.getString("labelCeiling"))
			.map(TlpLabel::orRed);
	}

	/** The types known for these organisations (an organisation never seen is absent). */
	public Map<String, OrganisationType> types(Collection<String> organisations) {
		Map<String, OrganisationType> types = new LinkedHashMap<>();
		if (organisations.isEmpty()) {
			return types;
		}
		for (Document found : this.mongo.find(new Query(where("_id").in(organisations)), Document.class,
				ORGANISATIONS)) {
			OrganisationType type = type(found.getString("type"));
			if (type != null) {
				types.put(found.getString("_id"), type);
			}
		}
		return types;
	}

	/** The workspace's member organisations known to be host organisations. */
	public Set<String> hostOrganisations(UUID workspaceId) {
		Set<String> organisations = new LinkedHashSet<>();
		members(workspaceId).forEach((member) -> organisations.add(member.organisationId()));
		Set<String> hosts = new LinkedHashSet<>();
		types(organisations).forEach((organisation, type) -> {
			if (type == OrganisationType.HOST) {
				hosts.add(organisation);
			}
		});
		return hosts;
	}

	// ---- inside

	/**
	 * Sets the fields if this event is newer than the last one applied to the membership; inserts the membership if
	 * there is none. Update first, insert if nothing matched: the embedded wire server's upsert does not take an
	 * {@code $or} filter apart, and a duplicate key on the insert means a newer (or the same) event got there first.
	 */
	private boolean apply(UUID workspaceId, UUID personId, long version, Document fields) {
		String id = workspaceId + ":" + personId;
		Query older = byId(id).addCriteria(
				new Criteria().orOperator(where("version").lt(version), where("version").exists(false)));
		Update update = new Update().set("version", version);
		fields.forEach(update::set);
		if (this.mongo.updateFirst(older, update, MEMBERSHIPS).getMatchedCount() > 0) {
			return true;
		}
		try {
			Document membership = new Document("_id", id).append("workspaceId", workspaceId.toString())
				.append("personId", personId.toString())
				.append("version", version);
			membership.putAll(fields);
			this.mongo.insert(membership, MEMBERSHIPS);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private void rememberType(String organisation, OrganisationType type) {
		if (type == this.knownTypes.get(organisation)) {
			return;
		}
		this.mongo.upsert(byId(organisation), new Update().set("type", type.name()), ORGANISATIONS);
		this.knownTypes.put(organisation, type);
	}

	private static boolean current(Document membership) {
		return Boolean.TRUE.equals(membership.getBoolean("member"));
	}

	private static Member member(Document found) {
		return new Member(UUID.fromString(found.getString("workspaceId")), found.getString("personId"),
				found.getString("organisationId"), found.getString("role"));
	}

	private static @Nullable OrganisationType type(@Nullable String value) {
		return java.util.Arrays.stream(OrganisationType.values())
			.filter((type) -> type.name().equals(value))
			.findFirst()
			.orElse(null);
	}

	private static Query byId(String id) {
		return new Query(where("_id").is(id));
	}

}
