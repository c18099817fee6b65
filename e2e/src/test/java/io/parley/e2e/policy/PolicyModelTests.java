package io.parley.e2e.policy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.e2e.policy.PolicyModel.Doc;
import io.parley.e2e.policy.PolicyModel.Notice;
import io.parley.e2e.policy.PolicyModel.Person;
import io.parley.e2e.policy.PolicyModel.Role;
import io.parley.e2e.policy.PolicyModel.Space;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.test.FakeKeycloak;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole visibility, change and notice policy of workspace and notifications, checked as a whole (issue 13):
 * jqwik generates random sequences of steps (new workspaces, members added with the right or a wrong organisation,
 * removed, documents uploaded, relabelled, copied, commented on and deleted, people offboarded by identity, by
 * random people), runs them against the two services, each its own process on the real broker
 * ({@link ServiceProcesses}), and against {@link PolicyModel}, and after every step compares what every person gets:
 * the status of the step itself, each workspace's document list, search, download and comments of every document,
 * the audit trail (who may read it, and that no document outside the reader's audience shows through) and their
 * inbox. On a failure jqwik shrinks the sequence to a short one that still breaks the policy.
 *
 * <p>
 * Notices travel through workspace's outbox, the broker and notifications' consumer, so after each step the inboxes
 * are awaited until they hold exactly what the model says (a notice missing after {@link #SETTLE} fails, and one too
 * many fails at once); everything else is answered synchronously and compared once.
 *
 * <p>
 * The number of sequences is jqwik's {@code jqwik.tries.default} (in {@code junit-platform.properties}); raise it
 * with {@code -Djqwik.tries.default=200} for a deeper search. A sequence that failed is tried first next time
 * ({@code target/jqwik-database}).
 */
class PolicyModelTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/**
	 * The people of the small world: who they are as Keycloak's token says it (organisation, its type, roles). Each
	 * sequence gives them new ids, so nothing of an earlier sequence (an offboarding, an inbox entry) is theirs.
	 */
	private static final List<Fixture> FIXTURES = List.of(
			new Fixture("host-admin", "host", "HOST", List.of("portal-admin", "org-admin", "member")),
			new Fixture("partner-engineer", "acme-security", "VENDOR", List.of("member")),
			new Fixture("doc-colleague", "acme-security", "VENDOR", List.of("member")),
			new Fixture("doc-neighbour", "acme-security", "VENDOR", List.of("member")),
			new Fixture("gov-liaison", "gov-cert", "GOVERNMENT", List.of("member")),
			new Fixture("doc-recipient", "gov-cert", "GOVERNMENT", List.of("member")),
			new Fixture("outsider", "other-vendor", "VENDOR", List.of("member")),
			new Fixture("auditor", "host", "HOST", List.of("auditor", "member")));

	private static final List<String> ORGANISATIONS = List.of("host", "acme-security", "gov-cert", "other-vendor");

	/** How long notices may take through outbox, broker and consumer before a missing one is a failure. */
	static final Duration SETTLE = Duration.ofSeconds(15);

	/** Actor indices from here on name anyone, not a member (see {@link World#actor}). */
	static final int ANYONE = 100;

	private static ServiceProcesses services;

	record Fixture(String name, String organisation, String organisationType, List<String> roles) {
	}

	private static synchronized ServiceProcesses services() throws Exception {
		if (services == null) {
			services = ServiceProcesses.start(Path.of("..").toAbsolutePath().normalize(),
					Path.of("target", "policy-model"));
		}
		return services;
	}

	@AfterContainer
	static void stop() {
		if (services != null) {
			services.close();
			services = null;
		}
	}

	// --- the steps ---

	sealed interface Step {
	}

	record NewSpace(TlpLabel ceiling) implements Step {
	}

	record AddMember(int space, int actor, int person, Role role, boolean claimsAnotherOrganisation) implements Step {
	}

	record RemoveMember(int space, int actor, int person) implements Step {
	}

	record Upload(int space, int actor, TlpLabel label, Set<Integer> named) implements Step {
	}

	record Relabel(int doc, int actor, TlpLabel label, Set<Integer> named) implements Step {
	}

	/**
	 * A colleague of whoever shared a document moves its label one step narrower (RED stays RED), naming people or
	 * organisations: the move where a widening hides behind a "stricter" label (issue 13, item 2). A step of its
	 * own because random labels, documents and actors meet there too rarely in a few dozen sequences.
	 */
	record Narrow(int doc, int actor, Set<Integer> named) implements Step {
	}

	record Copy(int doc, int actor, int target) implements Step {
	}

	record Comment(int doc, int actor) implements Step {
	}

	record Delete(int doc, int actor) implements Step {
	}

	/** Identity offboards someone (never the host admin, who opens the spaces): its event reaches workspace. */
	record Offboard(int person) implements Step {
	}

	@Property(shrinking = ShrinkingMode.BOUNDED)
	void everyAnswerOfTheServicesIsTheModels(@ForAll("sequences") List<Step> steps) throws Exception {
		ServiceProcesses services = services();
		List<Person> people = new ArrayList<>();
		for (Fixture fixture : FIXTURES) {
			Person person = new Person(fixture.name(), UUID.randomUUID().toString(), fixture.organisation(),
					fixture.roles().contains("auditor"));
			// known to workspace as identity's MemberJoined would make them
			services.known(person.id(), person.organisation(), fixture.name());
			people.add(person);
		}
		PolicyModel model = new PolicyModel(people);
		World world = new World(services, model);
		world.apply(new NewSpace(TlpLabel.RED));
		world.apply(new NewSpace(TlpLabel.AMBER_STRICT));
		for (Step step : steps) {
			world.apply(step);
			world.compare(step);
		}
	}

	@Provide
	Arbitrary<List<Step>> sequences() {
		Arbitrary<Integer> index = Arbitraries.integers().between(0, 40);
		Arbitrary<Integer> person = Arbitraries.integers().between(0, FIXTURES.size() - 1);
		Arbitrary<Integer> actor = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, index),
				net.jqwik.api.Tuple.of(1, person.map((anyone) -> ANYONE + anyone)));
		// the narrow labels are where the rules are
		Arbitrary<TlpLabel> label = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.of(TlpLabel.class)),
				net.jqwik.api.Tuple.of(2, Arbitraries.of(TlpLabel.AMBER_STRICT, TlpLabel.RED)));
		Arbitrary<Set<Integer>> named = Arbitraries.integers().between(0, 12).set().ofMinSize(1).ofMaxSize(2);
		Arbitrary<Role> role = Arbitraries.frequency(net.jqwik.api.Tuple.of(1, Role.OWNER),
				net.jqwik.api.Tuple.of(3, Role.CONTRIBUTOR), net.jqwik.api.Tuple.of(1, Role.READER));
		Arbitrary<Step> step = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(1, label.map(NewSpace::new)),
				net.jqwik.api.Tuple.of(3,
						Combinators.combine(index, actor, person,
								role, Arbitraries.of(false, false, false, true))
							.as(AddMember::new)),
				net.jqwik.api.Tuple.of(1, Combinators.combine(index, actor, person).as(RemoveMember::new)),
				net.jqwik.api.Tuple.of(5, Combinators.combine(index, actor, label, named).as(Upload::new)),
				net.jqwik.api.Tuple.of(8, Combinators.combine(index, actor, label, named).as(Relabel::new)),
				net.jqwik.api.Tuple.of(8, Combinators.combine(index, actor, named).as(Narrow::new)),
				net.jqwik.api.Tuple.of(2, Combinators.combine(index, actor, index).as(Copy::new)),
				net.jqwik.api.Tuple.of(1, Combinators.combine(index, actor).as(Comment::new)),
				net.jqwik.api.Tuple.of(1, Combinators.combine(index, actor).as(Delete::new)),
				net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, FIXTURES.size() - 1).map(Offboard::new)));
		// A first workspace with some of the people already in it, so that sequences of a sensible length reach
		// the states where the rules bite (two members of one organisation, one uploading, the other relabelling).
		// The host admin, its first member, adds them; they are ordinary steps, which shrinking may drop.
		List<Arbitrary<Step>> joining = new ArrayList<>();
		for (int joiner = 1; joiner < FIXTURES.size(); joiner++) {
			int who = joiner;
			joining.add(role.injectNull(0.3).map((joined) -> (joined != null) ? new AddMember(0, 0, who, joined, false)
					: new NewSpace(TlpLabel.CLEAR)));
		}
		Arbitrary<List<Step>> prefix = Combinators.combine(joining).as((steps) -> steps.stream()
			.filter((candidate) -> !(candidate instanceof NewSpace))
			.toList());
		// ... and two documents under the narrow labels shared in it by some of them, which the steps then work on
		Arbitrary<Step> narrowUpload = Combinators.combine(index, Arbitraries.of(TlpLabel.AMBER_STRICT, TlpLabel.RED),
				named).as((who, narrowLabel, people) -> new Upload(0, who, narrowLabel, people));
		return Combinators.combine(prefix, narrowUpload.list().ofSize(2), step.list().ofMinSize(10).ofMaxSize(20))
			.as((first, shared, then) -> {
				List<Step> all = new ArrayList<>(first);
				all.addAll(shared);
				all.addAll(then);
				return all;
			});
	}

	/** The service and the model side by side; indices in the steps wrap around what exists. */
	static final class World {

		final ServiceProcesses services;

		final String base;

		final PolicyModel model;

		World(ServiceProcesses services, PolicyModel model) {
			this.services = services;
			this.base = services.workspace;
			this.model = model;
		}

		Person person(int index) {
			return this.model.people.get(index % this.model.people.size());
		}

		/**
		 * Who acts: mostly a member of the space the step is about (index below {@link #ANYONE}), so that steps reach
		 * the rules behind membership; otherwise anyone at all, members or not.
		 */
		Person actor(int index, Space space) {
			if (index >= ANYONE) {
				return person(index - ANYONE);
			}
			List<String> members = List.copyOf(space.members.keySet());
			if (members.isEmpty()) {
				return person(index);
			}
			return this.model.person(members.get(index % members.size()));
		}

		void apply(Step step) throws Exception {
			if (step instanceof NewSpace newSpace) {
				TlpLabel ceiling = newSpace.ceiling();
				Person admin = person(0);
				HttpResponse<String> created = send(admin, "POST", "/api/workspaces", Map.of("name",
						"Policy " + UUID.randomUUID().toString().substring(0, 8), "purpose", "Model check",
						"labelCeiling", ceiling.value()));
				assertThat(created.statusCode()).as("create workspace").isEqualTo(201);
				Space space = new Space(UUID.fromString(JSON.readTree(created.body()).get("id").asString()),
						ceiling);
				space.members.put(admin.id(), Role.OWNER);
				space.organisations.add(admin.organisation());
				this.model.spaces.add(space);
			}
			else if (step instanceof AddMember add) {
				int s = add.space();
				int a = add.actor();
				int p = add.person();
				Role role = add.role();
				boolean claimsAnother = add.claimsAnotherOrganisation();
				Space space = space(s);
				Person actor = actor(a, space);
				Person person = person(p);
				// the organisation is only checked: the right one is accepted, any other refused (issue 13, item 4)
				String organisation = claimsAnother ? ORGANISATIONS.stream()
					.filter((other) -> !other.equals(person.organisation()))
					.findFirst()
					.orElseThrow() : person.organisation();
				Map<String, Object> body = Map.of("personId", person.id(), "role", role.name(), "organisation",
						organisation);
				int expected = this.model.addMember(space, actor, person, role, claimsAnother);
				expect(step, send(actor, "POST", "/api/workspaces/" + space.id + "/members", body), expected);
			}
			else if (step instanceof RemoveMember remove) {
				int s = remove.space();
				int a = remove.actor();
				int p = remove.person();
				Space space = space(s);
				Person actor = actor(a, space);
				Person person = person(p);
				int expected = this.model.removeMember(space, actor, person);
				expect(step, send(actor, "DELETE", "/api/workspaces/" + space.id + "/members/" + person.id(), null),
						expected);
			}
			else if (step instanceof Upload upload) {
				int s = upload.space();
				int a = upload.actor();
				TlpLabel label = upload.label();
				Set<Integer> named = upload.named();
				Space space = space(s);
				Person actor = actor(a, space);
				Set<String> people = namedPeople(label, named);
				Set<String> organisations = namedOrganisations(label, named);
				List<Map.Entry<String, String>> fields = new ArrayList<>(
						List.of(Map.entry("label", label.value()), Map.entry("title", "Model")));
				people.forEach((id) -> fields.add(Map.entry("namedPeople", id)));
				organisations.forEach((organisation) -> fields.add(Map.entry("namedOrganisations", organisation)));
				String boundary = "policy" + UUID.randomUUID().toString().replace("-", "");
				int expected = this.model.upload(space, actor, label);
				HttpResponse<String> response = HTTP.send(request(actor, this.base + "/api/workspaces/" + space.id
						+ "/documents")
					.header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.POST(BodyPublishers.ofByteArray(multipart(boundary, fields, "model")))
					.build(), BodyHandlers.ofString());
				expect(step, response, expected);
				if (expected == 201) {
					Doc doc = new Doc(UUID.fromString(JSON.readTree(response.body()).get("id").asString()), space,
							actor.id(), actor.organisation(), label, people, organisations);
					this.model.docs.add(doc);
					this.model.versionAdded(doc, actor);
				}
			}
			else if (step instanceof Relabel relabel) {
				if (this.model.docs.isEmpty()) {
					return;
				}
				Doc doc = doc(relabel.doc(), relabel.actor());
				relabel(step, doc, docActor(relabel.actor(), doc), relabel.label(), relabel.named());
			}
			else if (step instanceof Narrow narrow) {
				if (this.model.docs.isEmpty()) {
					return;
				}
				// mostly an AMBER+STRICT document, changed by a colleague of whoever shared it: the one place where a
				// stricter label can still let someone new read
				List<Doc> strict = this.model.docs.stream().filter((doc) -> !doc.deleted && doc.label == TlpLabel.AMBER_STRICT)
					.toList();
				Doc doc = (narrow.doc() % 4 != 0 && !strict.isEmpty()) ? strict.get(narrow.doc() / 4 % strict.size())
						: this.model.docs.get(narrow.doc() % this.model.docs.size());
				List<Person> colleagues = doc.space.members.keySet()
					.stream()
					.map(this.model::person)
					.filter((person) -> person.organisation().equals(doc.uploaderOrganisation)
							&& !person.id().equals(doc.uploader))
					.toList();
				Person actor = colleagues.isEmpty() ? docActor(narrow.actor(), doc)
						: colleagues.get(narrow.actor() % colleagues.size());
				TlpLabel narrower = TlpLabel.values()[Math.min(doc.label.ordinal() + 1, TlpLabel.RED.ordinal())];
				relabel(step, doc, actor, narrower, narrow.named());
			}
			else if (step instanceof Copy copy) {
				int d = copy.doc();
				int a = copy.actor();
				int t = copy.target();
				if (this.model.docs.isEmpty()) {
					return;
				}
				Doc doc = doc(d, a);
				Space target = space(t);
				if (target == doc.space) {
					return; // a copy to the same workspace is a plain input error, not a policy question
				}
				Person actor = docActor(a, doc);
				int expected = this.model.copy(doc, actor, target);
				HttpResponse<String> response = send(actor, "POST", path(doc) + "/copies",
						Map.of("targetWorkspaceId", target.id.toString()));
				expect(step, response, expected);
				if (expected == 201) {
					Doc copied = new Doc(UUID.fromString(JSON.readTree(response.body()).get("id").asString()), target,
							doc.uploader, doc.uploaderOrganisation, doc.label, doc.namedPeople, doc.namedOrganisations);
					this.model.docs.add(copied);
					this.model.versionAdded(copied, actor);
				}
			}
			else if (step instanceof Comment comment) {
				int d = comment.doc();
				int a = comment.actor();
				if (this.model.docs.isEmpty()) {
					return;
				}
				Doc doc = doc(d, a);
				Person actor = docActor(a, doc);
				int expected = this.model.comment(doc, actor);
				HttpResponse<String> response = send(actor, "POST", path(doc) + "/comments",
						Map.of("text", "Looks right"));
				expect(step, response, expected);
				if (expected == 201) {
					this.model.commented(doc, actor,
							UUID.fromString(JSON.readTree(response.body()).get("id").asString()));
				}
			}
			else if (step instanceof Offboard offboard) {
				Person person = person(offboard.person());
				if (this.model.ended(person)) {
					return;
				}
				this.model.offboard(person);
				// as identity publishes it; each service must refuse the person on its own (ADR 0024)
				this.services.publishAsIdentity("identity.member.offboarded", person.id(), Map.of("personId",
						person.id(), "organisationId", person.organisation(), "offboardedBy", person(0).id()));
				awaitRefused(person);
			}
			else if (step instanceof Delete delete) {
				int d = delete.doc();
				int a = delete.actor();
				if (this.model.docs.isEmpty()) {
					return;
				}
				Doc doc = doc(d, a);
				Person actor = docActor(a, doc);
				int expected = this.model.delete(doc, actor);
				expect(step, send(actor, "DELETE", path(doc), null), expected);
			}
		}

		private void relabel(Step step, Doc doc, Person actor, TlpLabel label, Set<Integer> named) throws Exception {
			Set<String> people = namedPeople(label, named);
			Set<String> organisations = namedOrganisations(label, named);
			int expected = this.model.changeLabel(doc, actor, label, people, organisations);
			expect(step, send(actor, "PUT", path(doc) + "/label", Map.of("label", label.value(), "namedPeople",
					List.copyOf(people), "namedOrganisations", List.copyOf(organisations))), expected);
		}

		/** Everything every person may observe, against the model: first the inboxes, once the notices are in. */
		void compare(Step after) throws Exception {
			awaitInboxes(after);
			Set<UUID> mine = new HashSet<>();
			this.model.docs.forEach((doc) -> mine.add(doc.id));
			for (Person person : this.model.people) {
				if (this.model.ended(person)) {
					assertRefusedEverywhere(after, person);
					continue;
				}
				for (Space space : this.model.spaces) {
					Set<UUID> expected = this.model.listed(person, space);
					HttpResponse<String> listed = send(person, "GET", "/api/workspaces/" + space.id + "/documents", null);
					if (expected == null) {
						assertThat(listed.statusCode()).as(what(after, person, "lists a workspace they are not in"))
							.isEqualTo(404);
					}
					else {
						assertThat(listed.statusCode()).as(what(after, person, "lists")).isEqualTo(200);
						assertThat(ids(listed.body())).as(what(after, person, "lists " + space.id)).isEqualTo(expected);
					}
					int auditStatus = this.model.auditStatus(person, space);
					HttpResponse<String> audit = send(person, "GET", "/api/workspaces/" + space.id + "/audit?size=500",
							null);
					assertThat(audit.statusCode()).as(what(after, person, "reads the audit of " + space.id))
						.isEqualTo(auditStatus);
					if (auditStatus == 200) {
						for (UUID hidden : this.model.hiddenInAudit(person, space)) {
							assertThat(audit.body()).as(what(after, person, "reads the audit; document " + hidden
									+ " is outside their audience")).doesNotContain(hidden.toString());
						}
					}
				}
				HttpResponse<String> searched = send(person, "GET", "/api/documents", null);
				Set<UUID> found = ids(searched.body());
				found.retainAll(mine); // earlier sequences' documents are not this model's
				assertThat(found).as(what(after, person, "searches")).isEqualTo(this.model.searched(person));
				for (Doc doc : this.model.docs) {
					boolean sees = this.model.sees(person, doc);
					HttpResponse<String> content = send(person, "GET", path(doc) + "/versions/1/content", null);
					assertThat(content.statusCode()).as(what(after, person, "downloads " + doc.id + " " + doc.label))
						.isEqualTo(sees ? 200 : 404);
					if (!(after instanceof Comment)) {
						continue; // who may read comments is who may download; read them again when they changed
					}
					HttpResponse<String> comments = send(person, "GET", path(doc) + "/comments", null);
					assertThat(comments.statusCode()).as(what(after, person, "reads comments of " + doc.id))
						.isEqualTo(sees ? 200 : 404);
					if (sees) {
						assertThat(comments.headers().firstValue("X-Total-Count")).as("comments of " + doc.id)
							.hasValue(Integer.toString(doc.comments));
					}
				}
			}
		}

		/**
		 * Waits until every person's inbox holds exactly what the model says. A notice the model does not expect is a
		 * failure at once (it may never be taken back); one that is missing fails after {@link #SETTLE}.
		 */
		private void awaitInboxes(Step after) throws Exception {
			for (Person person : this.model.people) {
				if (this.model.ended(person)) {
					continue; // refused: checked with everything else they may no longer read
				}
				List<String> expected = sorted(this.model.inbox(person));
				try {
					await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).until(() -> {
						List<String> actual = sorted(inbox(person));
						List<String> extra = new ArrayList<>(actual);
						expected.forEach(extra::remove);
						// thrown out of the wait at once: a notice given wrongly is never taken back
						assertThat(extra).as(what(after, person, "has notices the model does not give them")).isEmpty();
						return actual.equals(expected);
					});
				}
				catch (ConditionTimeoutException missing) {
					assertThat(sorted(inbox(person))).as(what(after, person, "reads their inbox")).isEqualTo(expected);
				}
			}
		}

		/** The person's inbox entries about this sequence's workspaces (at most a few dozen: one page). */
		private List<Notice> inbox(Person person) throws Exception {
			HttpResponse<String> response = HTTP.send(request(person, this.services.notifications
					+ "/api/notifications?size=100").GET().build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).as(person.fixture() + " reads their inbox").isEqualTo(200);
			List<Notice> notices = new ArrayList<>();
			for (JsonNode item : JSON.readTree(response.body()).get("items")) {
				notices.add(new Notice(item.get("type").asString(), item.get("link").asString()));
			}
			return notices;
		}

		private static List<String> sorted(List<Notice> notices) {
			return notices.stream().map((notice) -> notice.type() + " " + notice.link()).sorted().toList();
		}

		/** Identity's offboarding reaches both services through the broker: wait until each refuses the person. */
		private void awaitRefused(Person person) throws Exception {
			for (String url : List.of(this.base + "/api/workspaces", this.services.notifications + "/api/notifications")) {
				await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
						HTTP.send(request(person, url).GET().build(), BodyHandlers.discarding()).statusCode())
					.as(person.fixture() + " offboarded, at " + url)
					.isEqualTo(401));
			}
		}

		/** An offboarded person's every read answers 401, whatever they were allowed before (ADR 0024). */
		private void assertRefusedEverywhere(Step after, Person person) throws Exception {
			assertThat(HTTP.send(request(person, this.services.notifications + "/api/notifications").GET().build(),
					BodyHandlers.discarding()).statusCode()).as(what(after, person, "(offboarded) reads their inbox"))
				.isEqualTo(401);
			List<String> paths = new ArrayList<>(List.of("/api/documents", "/api/workspaces"));
			for (Space space : this.model.spaces) {
				paths.add("/api/workspaces/" + space.id + "/documents");
				paths.add("/api/workspaces/" + space.id + "/audit");
			}
			for (Doc doc : this.model.docs) {
				paths.add(path(doc) + "/versions/1/content");
			}
			for (String path : paths) {
				assertThat(send(person, "GET", path, null).statusCode())
					.as(what(after, person, "(offboarded) reads " + path))
					.isEqualTo(401);
			}
		}

		private Set<String> namedPeople(TlpLabel label, Set<Integer> named) {
			Set<String> people = new LinkedHashSet<>();
			if (label == TlpLabel.RED) {
				named.forEach((index) -> people.add(person(index).id()));
			}
			return people;
		}

		private Set<String> namedOrganisations(TlpLabel label, Set<Integer> named) {
			Set<String> organisations = new LinkedHashSet<>();
			if (label == TlpLabel.AMBER_STRICT) {
				named.forEach((index) -> organisations.add(ORGANISATIONS.get(index % ORGANISATIONS.size())));
			}
			return organisations;
		}

		private Space space(int index) {
			return this.model.spaces.get(index % this.model.spaces.size());
		}

		/**
		 * The document a step is about. Mostly one the acting person can see (so that the step reaches the rules
		 * about changing it), half of those shared by someone else (whose rules differ from the uploader's), and
		 * sometimes any document at all (so that refusals are tried too).
		 */
		private Doc doc(int index, int actor) {
			if (actor < ANYONE) {
				Person person = person(actor);
				List<Doc> visible = this.model.docs.stream().filter((doc) -> this.model.sees(person, doc)).toList();
				List<Doc> others = visible.stream().filter((doc) -> !doc.uploader.equals(person.id())).toList();
				if (index % 2 == 0 && !others.isEmpty()) {
					return others.get(index / 2 % others.size());
				}
				if (!visible.isEmpty()) {
					return visible.get(index % visible.size());
				}
			}
			return this.model.docs.get(index % this.model.docs.size());
		}

		/** Who acts on {@code doc}: the person chosen if they see it, otherwise a member of its workspace. */
		private Person docActor(int actor, Doc doc) {
			if (actor >= ANYONE) {
				return person(actor - ANYONE);
			}
			Person person = person(actor);
			return this.model.sees(person, doc) ? person : actor(actor, doc.space);
		}

		private static String path(Doc doc) {
			return "/api/workspaces/" + doc.space.id + "/documents/" + doc.id;
		}

		private static String what(Step after, Person person, String does) {
			return "after " + after + ": " + person.fixture() + " " + does;
		}

		private void expect(Step step, HttpResponse<String> response, int expected) {
			assertThat(response.statusCode()).as("%s answered %s", step, response.body()).isEqualTo(expected);
		}

		/** A request to {@code url} with the person's access token, as Keycloak would issue it to them. */
		private HttpRequest.Builder request(Person person, String url) {
			Fixture fixture = FIXTURES.stream().filter((f) -> f.name().equals(person.fixture())).findFirst().orElseThrow();
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("sub", person.id());
			claims.put("name", fixture.name());
			claims.put("preferred_username", fixture.name());
			claims.put("email", fixture.name() + "@" + fixture.organisation() + ".example");
			claims.put("org", fixture.organisation());
			claims.put("org_type", fixture.organisationType());
			claims.put("realm_access", Map.of("roles", fixture.roles()));
			FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
			String token = new FakeKeycloak.Token(claims, template.issuer(), template.audience(), template.expiresAt(),
					template.key()).sign();
			return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
		}

		private HttpResponse<String> send(Person person, String method, String path, Object body) throws Exception {
			HttpRequest.Builder request = request(person, this.base + path);
			if (body != null) {
				request.header("Content-Type", "application/json")
					.method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
			}
			else {
				request.method(method, BodyPublishers.noBody());
			}
			return HTTP.send(request.build(), BodyHandlers.ofString());
		}

		/** A multipart/form-data body as a browser's {@code FormData} sends it: the fields, then one small file. */
		private static byte[] multipart(String boundary, List<Map.Entry<String, String>> fields, String content) {
			StringBuilder body = new StringBuilder();
			for (Map.Entry<String, String> field : fields) {
				body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
					.append(field.getKey()).append("\"\r\n\r\n").append(field.getValue()).append("\r\n");
			}
			body.append("--").append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"model.txt\"\r\n")
				.append("Content-Type: text/plain\r\n\r\n").append(content).append("\r\n--").append(boundary)
				.append("--\r\n");
			return body.toString().getBytes(StandardCharsets.UTF_8);
		}

		private static Set<UUID> ids(String body) {
			Set<UUID> ids = new HashSet<>();
			for (JsonNode document : JSON.readTree(body)) {
				ids.add(UUID.fromString(document.get("id").asString()));
			}
			return ids;
		}

	}

}
