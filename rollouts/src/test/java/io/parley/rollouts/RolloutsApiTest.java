package io.parley.rollouts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.MachineClientRevoked;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.MutableClock;
import io.parley.rollouts.workspaces.Memberships;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Rollouts' API tests: the whole service with its real filter chain against the test doubles of
 * {@link TestInfrastructure}, time from a {@link MutableClock}; all subclasses share one application context. The
 * relay is off, so what a command recorded stays in the release's outbox for the test to read. Workspaces and their
 * members are made known through the very handlers workspace's and identity's events reach.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
@Import(RolloutsApiTest.Clocks.class)
public abstract class RolloutsApiTest {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	protected static final String RELEASES = "/api/rollouts/releases";

	/** Versions of the made-up workspaces' events, increasing like workspace's own. */
	private static final AtomicLong VERSIONS = new AtomicLong(1);

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected MongoTemplate mongo;

	@Autowired
	protected Memberships memberships;

	@Autowired
	protected MutableClock clock;

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock(Instant.parse("2030-01-07T08:00:00Z"));
		}

	}

	protected static MockHttpServletRequestBuilder as(String fixture, MockHttpServletRequestBuilder request) {
		return fixture.equals("anonymous") ? request
				: request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(fixture));
	}

	protected static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, Object body) {
		return request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
	}

	protected static String subjectOf(String fixture) {
		return (String) FakeKeycloak.claims(fixture).get("sub");
	}

	protected static String organisationOf(String fixture) {
		return (String) FakeKeycloak.claims(fixture).get("org");
	}

	protected Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * A workspace as workspace's events would make it known: created with this ceiling, then each token fixture
	 * added with its role ({@code owner}, {@code contributor}, {@code reader}) and their organisation's type known
	 * from identity.
	 */
	protected UUID workspace(String labelCeiling, Map<String, String> members) {
		UUID workspace = UUID.randomUUID();
		String creator = subjectOf("host-admin");
		this.memberships.on(new WorkspaceCreated(workspace, "Safe deployment " + workspace.toString().substring(0, 8),
				labelCeiling, UUID.fromString(creator)), envelope(workspace, VERSIONS.get(), null));
		members.forEach((fixture, role) -> addMember(workspace, fixture, role));
		return workspace;
	}

	protected void addMember(UUID workspace, String fixture, String role) {
		Map<String, Object> claims = FakeKeycloak.claims(fixture);
		UUID person = UUID.fromString((String) claims.get("sub"));
		String organisation = (String) claims.get("org");
		this.memberships.on(new MemberJoined(person, organisation, (String) claims.get("org_type"),
				String.valueOf(claims.get("name")), String.valueOf(claims.get("email"))), envelope(person, 1, null));
		this.memberships.on(new WorkspaceMemberAdded(workspace, person, organisation, role),
				envelope(workspace, VERSIONS.incrementAndGet(), null));
	}

	protected void removeMember(UUID workspace, String fixture) {
		this.memberships.on(new WorkspaceMemberRemoved(workspace, UUID.fromString(subjectOf(fixture))),
				envelope(workspace, VERSIONS.incrementAndGet(), null));
	}

	/** The usual workspace: acme-security releases, host, other-vendor, beta-labs and gov-cert take part. */
	protected UUID standardWorkspace() {
		Map<String, String> members = new LinkedHashMap<>();
		members.put("host-engineer", "owner");
		members.put("partner-engineer", "contributor");
		members.put("colleague", "reader");
		members.put("other-engineer", "contributor");
		members.put("signer", "contributor");
		members.put("gov-liaison", "reader");
		return workspace("TLP:RED", members);
	}

	protected static EventEnvelope envelope(UUID aggregate, long version, Object event) {
		String type = (event != null) ? EventTypes.typeOf(event.getClass()) : "test";
		return new EventEnvelope(UUID.randomUUID(), type, Instant.now().truncatedTo(ChronoUnit.MILLIS),
				type.contains(".") ? type.substring(0, type.indexOf('.')) : "test", aggregate.toString(), version,
				JSON.valueToTree(Map.of()));
	}

	/** Gates with a little headroom: 2 ‰ crashes, 1 ‰ boot failures, 5 ‰ rollbacks, 100 devices reporting. */
	protected static Map<String, Object> ring(String name, double share, String soak, String... signers) {
		Map<String, Object> ring = new LinkedHashMap<>();
		ring.put("name", name);
		ring.put("targetShare", share);
		ring.put("minSoak", soak);
		ring.put("gates", Map.of("maxCrashPerMille", 2.0, "maxBootFailurePerMille", 1.0, "maxRollbackPerMille", 5.0,
				"minDevicesReporting", 100));
		ring.put("signOffOrganisations", List.of(signers));
		return ring;
	}

	/** canary (host signs), pilot (beta-labs signs), broad (nobody signs); one hour of soak each. */
	protected static Map<String, Object> release(UUID workspace, String kind, String label) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("workspaceId", workspace.toString());
		body.put("product", "Acme Falcon Sensor");
		body.put("version", "7.11.2");
		body.put("kind", kind);
		body.put("summary", "Fixes a memory leak in the network filter");
		body.put("label", label);
		body.put("rings", List.of(ring("canary", 1, "PT1H", "host"), ring("pilot", 10, "PT1H", "beta-labs"),
				ring("broad", 100, "PT1H")));
		return body;
	}

	protected UUID declare(String fixture, Map<String, Object> body) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(as(fixture, json(post(RELEASES), body)))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
		return UUID.fromString(JSON.readTree(response.getContentAsString()).get("id").asString());
	}

	/** POSTs to {@code /api/rollouts/releases/{id}/<action>} and returns the response. */
	protected MockHttpServletResponse act(String fixture, UUID release, String action, Object body)
			throws Exception {
		return this.mvc.perform(as(fixture, json(post(RELEASES + "/" + release + "/" + action), body)))
			.andReturn()
			.getResponse();
	}

	protected MockHttpServletResponse act(String fixture, UUID release, String action) throws Exception {
		return act(fixture, release, action, Map.of());
	}

	/** Acts and expects this status; returns the body. */
	protected JsonNode expect(int status, MockHttpServletResponse response) throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		String body = response.getContentAsString();
		return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
	}

	/** A health report of {@code devices} healthy devices, observed now. */
	protected MockHttpServletResponse report(String fixture, UUID release, int ring, long devices, long crashes,
			long bootFailures) throws Exception {
		return report(fixture, release, ring, UUID.randomUUID().toString(),
				health(now(), devices, devices, crashes, bootFailures, 0));
	}

	protected MockHttpServletResponse report(String fixture, UUID release, int ring, String key,
			Map<String, Object> body) throws Exception {
		MockHttpServletRequestBuilder request = json(post(RELEASES + "/" + release + "/rings/" + ring + "/health"),
				body);
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.mvc.perform(as(fixture, request)).andReturn().getResponse();
	}

	protected static Map<String, Object> health(Instant observedAt, long updated, long reporting, long crashes,
			long bootFailures, long rollbacks) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("observedAt", observedAt.toString());
		body.put("devicesUpdated", updated);
		body.put("devicesReporting", reporting);
		body.put("crashes", crashes);
		body.put("bootFailures", bootFailures);
		body.put("rollbacks", rollbacks);
		return body;
	}

	/** Declared by partner-engineer, scheduled for now and started: in ring 0 (canary). */
	protected UUID inRing0(UUID workspace, String kind) throws Exception {
		UUID release = declare("partner-engineer", release(workspace, kind, "TLP:AMBER"));
		expect(200, act("partner-engineer", release, "schedule", Map.of("start", now().toString())));
		expect(200, act("partner-engineer", release, "start"));
		return release;
	}

	/** The release's document as stored, outbox and all. */
	protected Document stored(UUID release) {
		return this.mongo.findById(release, Document.class, "releases");
	}

	/** The events waiting in a release's outbox, oldest first, as the relay would publish them. */
	protected List<EventEnvelope> outbox(UUID release) {
		List<EventEnvelope> events = new ArrayList<>();
		Document document = stored(release);
		if (document != null) {
			for (Document entry : document.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

	/**
	 * The {@code Authorization} header of a client-credentials token of acme-security whose service account is its
	 * own, so that revoking it leaves the shared {@code acme-pipeline} fixture alone.
	 */
	protected static String apiClientToken(UUID serviceAccount) {
		FakeKeycloak.Token fixture = FakeKeycloak.get().tokenFor("acme-pipeline");
		Map<String, Object> claims = new LinkedHashMap<>(fixture.claims());
		claims.put("sub", serviceAccount.toString());
		return "Bearer " + new FakeKeycloak.Token(claims, fixture.issuer(), fixture.audience(), fixture.expiresAt(),
				fixture.key())
			.sign();
	}

	protected static EventEnvelope revocation(UUID serviceAccount) {
		MachineClientRevoked event = new MachineClientRevoked("api-acme-security-" + serviceAccount.toString()
			.substring(0, 10), "acme-security", serviceAccount, UUID.fromString(subjectOf("partner-engineer")));
		return new EventEnvelope(UUID.randomUUID(), "identity.machine-client.revoked",
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "identity", event.clientId(), 3, JSON.valueToTree(event));
	}

	protected Duration hours(long hours) {
		return Duration.ofHours(hours);
	}

}
