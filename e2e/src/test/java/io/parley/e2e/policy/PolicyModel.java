package io.parley.e2e.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.parley.platform.labels.TlpLabel;

/**
 * Who may see, change and hear of what in workspace and notifications, written down once as plain sets and written
 * independently of the services' code (ADR 0027): an audience is the set of people of a small world who may read a
 * document, a change "widens" when that set gains someone or the label goes down, and a notice reaches exactly the
 * members in the audience at the moment it is sent. {@link PolicyModelTests} drives the real services and this model
 * side by side and compares every answer.
 *
 * <p>
 * Each method says what the service must answer (an HTTP status) and, when the answer is a success, changes the
 * model the way the service changes its data. The order of the checks is the order a person learns things in:
 * a caller whose access ended (401) first, then existence (404) before role (403) before the content of the request
 * (4xx).
 */
final class PolicyModel {

	enum Role {

		OWNER, CONTRIBUTOR, READER

	}

	record Person(String fixture, String id, String organisation, boolean auditor) {
	}

	/** An inbox entry as a person sees it: what kind of notice, and where it leads. */
	record Notice(String type, String link) {
	}

	static final class Space {

		final UUID id;

		final TlpLabel ceiling;

		final Map<String, Role> members = new LinkedHashMap<>();

		final Set<String> organisations = new LinkedHashSet<>();

		Space(UUID id, TlpLabel ceiling) {
			this.id = id;
			this.ceiling = ceiling;
		}

		long owners() {
			return this.members.values().stream().filter((role) -> role == Role.OWNER).count();
		}

	}

	static final class Doc {

		final UUID id;

		final Space space;

		final String uploader;

		final String uploaderOrganisation;

		TlpLabel label;

		Set<String> namedPeople;

		Set<String> namedOrganisations;

		boolean deleted;

		int comments;

		/** Who hears of its comments: whoever added a version of it (here: uploaded or copied it) and commented. */
		final Set<String> followers = new LinkedHashSet<>();

		Doc(UUID id, Space space, String uploader, String uploaderOrganisation, TlpLabel label, Set<String> namedPeople,
				Set<String> namedOrganisations) {
			this.id = id;
			this.space = space;
			this.uploader = uploader;
			this.uploaderOrganisation = uploaderOrganisation;
			this.label = label;
			this.namedPeople = namedPeople;
			this.namedOrganisations = namedOrganisations;
		}

	}

	final List<Person> people;

	final List<Space> spaces = new ArrayList<>();

	final List<Doc> docs = new ArrayList<>();

	/** People identity has offboarded: refused everything (401) before any other rule, and out of every space. */
	final Set<String> offboarded = new LinkedHashSet<>();

	/** Every person's inbox, oldest first. */
	final Map<String, List<Notice>> inbox = new LinkedHashMap<>();

	PolicyModel(List<Person> people) {
		this.people = people;
	}

	Person person(String id) {
		return this.people.stream().filter((person) -> person.id().equals(id)).findFirst().orElseThrow();
	}

	// --- the rules ---

	/** Everyone in the world the label admits, members of the space or not. */
	Set<String> audience(TlpLabel label, String uploader, String uploaderOrganisation, Set<String> namedPeople,
			Set<String> namedOrganisations) {
		return this.people.stream().filter((person) -> switch (label) {
			case RED -> person.id().equals(uploader) || namedPeople.contains(person.id());
			case AMBER_STRICT -> person.id().equals(uploader) || person.organisation().equals(uploaderOrganisation)
					|| namedOrganisations.contains(person.organisation());
			case AMBER, GREEN, CLEAR -> true;
		}).map(Person::id).collect(Collectors.toSet());
	}

	Set<String> audience(Doc doc) {
		return audience(doc.label, doc.uploader, doc.uploaderOrganisation, doc.namedPeople, doc.namedOrganisations);
	}

	boolean sees(Person person, Doc doc) {
		return !doc.deleted && doc.space.members.containsKey(person.id()) && audience(doc).contains(person.id());
	}

	Role role(Person person, Space space) {
		return space.members.get(person.id());
	}

	boolean ended(Person person) {
		return this.offboarded.contains(person.id());
	}

	// --- the actions, each returning the status the service must answer ---

	/**
	 * Identity offboarded the person: from now on every request of theirs is refused, and they leave every space
	 * even as its last owner (a portal admin appoints a new one). Documents they shared stay, with their labels.
	 */
	void offboard(Person person) {
		this.offboarded.add(person.id());
		this.spaces.forEach((space) -> space.members.remove(person.id()));
	}

	int addMember(Space space, Person actor, Person person, Role role, boolean claimsAnotherOrganisation) {
		if (ended(actor)) {
			return 401;
		}
		if (!space.members.containsKey(actor.id())) {
			return 404;
		}
		if (role(actor, space) != Role.OWNER) {
			return 403;
		}
		if (claimsAnotherOrganisation) {
			return 422;
		}
		if (space.members.containsKey(person.id())) {
			return 409;
		}
		space.members.put(person.id(), role);
		space.organisations.add(person.organisation());
		tell(Set.of(person.id()), "workspace.membership.added", link(space));
		return 201;
	}

	int removeMember(Space space, Person actor, Person person) {
		if (ended(actor)) {
			return 401;
		}
		if (!space.members.containsKey(actor.id())) {
			return 404;
		}
		if (role(actor, space) != Role.OWNER) {
			return 403;
		}
		if (!space.members.containsKey(person.id())) {
			return 404;
		}
		if (role(person, space) == Role.OWNER && space.owners() == 1) {
			return 409;
		}
		space.members.remove(person.id());
		return 204;
	}

	/** @return the status; on 201 the caller adds the document with the id the service gave */
	int upload(Space space, Person actor, TlpLabel label) {
		if (ended(actor)) {
			return 401;
		}
		if (!space.members.containsKey(actor.id())) {
			return 404;
		}
		if (role(actor, space) == Role.READER) {
			return 403;
		}
		if (label.ordinal() > space.ceiling.ordinal()) {
			return 422;
		}
		return 201;
	}

	int changeLabel(Doc doc, Person actor, TlpLabel label, Set<String> namedPeople, Set<String> namedOrganisations) {
		if (ended(actor)) {
			return 401;
		}
		if (!sees(actor, doc)) {
			return 404;
		}
		if (role(actor, doc.space) == Role.READER) {
			return 403;
		}
		if (label.ordinal() > doc.space.ceiling.ordinal()) {
			return 422;
		}
		Set<String> after = audience(label, doc.uploader, doc.uploaderOrganisation, namedPeople, namedOrganisations);
		boolean widens = label.ordinal() < doc.label.ordinal() || !audience(doc).containsAll(after);
		if (widens && role(actor, doc.space) != Role.OWNER && !doc.uploader.equals(actor.id())) {
			return 403;
		}
		Set<String> couldSee = hearing(doc, doc.space.members.keySet());
		doc.label = label;
		doc.namedPeople = namedPeople;
		doc.namedOrganisations = namedOrganisations;
		// whoever may read it now and could not before hears of it, not whoever changed it
		Set<String> newly = hearing(doc, doc.space.members.keySet());
		newly.removeAll(couldSee);
		newly.remove(actor.id());
		tell(newly, "workspace.document.label-changed", link(doc));
		return 200;
	}

	/** @return the status; on 201 the caller adds the copy with the id the service gave */
	int copy(Doc doc, Person actor, Space target) {
		if (ended(actor)) {
			return 401;
		}
		if (!sees(actor, doc)) {
			return 404;
		}
		if (!target.members.containsKey(actor.id())) {
			return 404;
		}
		if (role(actor, target) == Role.READER) {
			return 403;
		}
		if (doc.label.ordinal() > target.ceiling.ordinal()) {
			return 422;
		}
		Set<String> audience = audience(doc);
		boolean fits = switch (doc.label) {
			case RED -> audience.containsAll(target.members.keySet());
			case AMBER_STRICT -> target.organisations.stream()
				.allMatch((organisation) -> organisation.equals(doc.uploaderOrganisation)
						|| doc.namedOrganisations.contains(organisation));
			case AMBER, GREEN, CLEAR -> true;
		};
		return fits ? 201 : 422;
	}

	int comment(Doc doc, Person actor) {
		if (ended(actor)) {
			return 401;
		}
		if (!sees(actor, doc)) {
			return 404;
		}
		doc.comments++;
		return 201;
	}

	int delete(Doc doc, Person actor) {
		if (ended(actor)) {
			return 401;
		}
		if (!sees(actor, doc)) {
			return 404;
		}
		if (role(actor, doc.space) != Role.OWNER) {
			return 403;
		}
		doc.deleted = true;
		return 204;
	}

	/**
	 * A version was added to a document (uploaded, or copied into its space, by {@code by}): every member who may see
	 * it hears of it, except whoever added it, who follows it from now on.
	 */
	void versionAdded(Doc doc, Person by) {
		Set<String> hear = hearing(doc, doc.space.members.keySet());
		hear.remove(by.id());
		tell(hear, "workspace.document.version-added", link(doc));
		doc.followers.add(by.id());
	}

	/**
	 * A comment was posted: the document's followers who are members and may see it hear of it, not its author, who
	 * follows the document from now on.
	 */
	void commented(Doc doc, Person author, UUID commentId) {
		Set<String> hear = hearing(doc, doc.followers);
		hear.remove(author.id());
		tell(hear, "workspace.comment.posted", link(doc) + "/comments/" + commentId);
		doc.followers.add(author.id());
	}

	/** Of {@code concerned}, the members of the document's space who may see it now. */
	private Set<String> hearing(Doc doc, Set<String> concerned) {
		Set<String> hear = new LinkedHashSet<>();
		for (String id : concerned) {
			if (sees(person(id), doc)) {
				hear.add(id);
			}
		}
		return hear;
	}

	private void tell(Set<String> people, String type, String link) {
		for (String id : people) {
			this.inbox.computeIfAbsent(id, (none) -> new ArrayList<>()).add(new Notice(type, link));
		}
	}

	static String link(Space space) {
		return "/#/workspaces/" + space.id;
	}

	static String link(Doc doc) {
		return link(doc.space) + "/documents/" + doc.id;
	}

	// --- what each person must observe ---

	/** The person's inbox, oldest first (an offboarded person's is refused: see {@link #ended}). */
	List<Notice> inbox(Person person) {
		return this.inbox.getOrDefault(person.id(), List.of());
	}

	/** The documents of a space the person lists (null: the space does not exist for them, 404). */
	Set<UUID> listed(Person person, Space space) {
		if (ended(person)) {
			return null;
		}
		if (!space.members.containsKey(person.id())) {
			return null;
		}
		return this.docs.stream()
			.filter((doc) -> doc.space == space && sees(person, doc))
			.map((doc) -> doc.id)
			.collect(Collectors.toSet());
	}

	Set<UUID> searched(Person person) {
		return this.docs.stream().filter((doc) -> sees(person, doc)).map((doc) -> doc.id).collect(Collectors.toSet());
	}

	/** 200 whole, 200 redacted where the label hides a document, 403 for members who are not owners, 404 others. */
	int auditStatus(Person person, Space space) {
		if (person.auditor()) {
			return 200;
		}
		if (!space.members.containsKey(person.id())) {
			return 404;
		}
		return (role(person, space) == Role.OWNER) ? 200 : 403;
	}

	/** Documents of the space whose ids must not appear in what the person reads of its audit trail. */
	Set<UUID> hiddenInAudit(Person person, Space space) {
		if (person.auditor()) {
			return Set.of();
		}
		return this.docs.stream()
			.filter((doc) -> doc.space == space && !audience(doc).contains(person.id()))
			.map((doc) -> doc.id)
			.collect(Collectors.toSet());
	}

}
