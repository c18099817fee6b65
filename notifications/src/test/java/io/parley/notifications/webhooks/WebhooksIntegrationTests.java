package io.parley.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifications.inbox.Notification;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseSummary;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Webhooks end to end: an event consumed from RabbitMQ, owed to the endpoints whose organisation may hear it, signed
 * and sent to WireMock by the worker, retried, given up, and the endpoint's admins told. Every test has its own
 * organisations, workspace and receiver path.
 */
class WebhooksIntegrationTests extends WebhooksApiTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	private MeterRegistry meters;

	@Autowired
	MongoTemplate mongo;

	record Registered(String id, String secret, String path) {
	}

	private Registered register(Someone admin, String... types) throws Exception {
		String path = "/hook/" + UUID.randomUUID();
		RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
		String body = this.mvc
			.perform(admin.sign(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.post("/api/notifications/organisations/" + admin.organisation() + "/webhooks"),
					Map.of("url", "http://127.0.0.1:" + RECEIVER.port() + path, "eventTypes", List.of(types),
							"description", "SIEM"))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode answer = read(body);
		return new Registered(answer.get("endpoint").get("id").asString(), answer.get("secret").asString(), path);
	}

	private static DocumentVersionAdded document(UUID workspace, Someone uploader, String label, String title,
			List<String> namedOrganisations) {
		return new DocumentVersionAdded(workspace, UUID.randomUUID(), 1, title, label, UUID.fromString(uploader.id()),
				uploader.organisation(), List.of(), namedOrganisations);
	}

	/** Events this instance's consumer finished with (handled or dropped) on the tests' queue. */
	private double consumed() {
		Counter counter = this.meters.find("parley.events.consumed").tag("queue", OWN).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static List<LoggedRequest> received(String path) {
		return RECEIVER.findAll(postRequestedFor(urlEqualTo(path)));
	}

	private static LoggedRequest awaitOne(String path) {
		await().atMost(WAIT).until(() -> !received(path).isEmpty());
		return received(path).get(0);
	}

	/** Standard Webhooks' check, written here from the specification, not with the code under test. */
	private static boolean verifies(LoggedRequest request, String secret) throws Exception {
		String id = request.getHeader("webhook-id");
		String timestamp = request.getHeader("webhook-timestamp");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
		byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.getBodyAsString())
			.getBytes(StandardCharsets.UTF_8));
		for (String signature : request.getHeader("webhook-signature").split(" ")) {
			String[] parts = signature.split(",", 2);
			if (parts[0].equals("v1") && java.security.MessageDigest.isEqual(expected,
					Base64.getDecoder().decode(parts[1]))) {
				return true;
			}
		}
		return false;
	}

	@Test
	void givenAGreenDocument_whenItsEventIsConsumed_thenTheEndpointGetsItSignedWithTheSecretAndWithTheTitle()
			throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		Someone uploader = Someone.of(organisation(), "member");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin, uploader);
		Registered endpoint = register(admin, "workspace.document.version-added");

		DocumentVersionAdded added = document(workspace, uploader, "TLP:GREEN", "Patch notes 7.12", List.of());
		EventEnvelope envelope = publish(added);

		LoggedRequest request = awaitOne(endpoint.path());
		assertThat(verifies(request, endpoint.secret())).as("signature verifies with the secret shown once").isTrue();
		assertThat(verifies(request, "whsec_" + Base64.getEncoder().encodeToString(new byte[32]))).isFalse();
		assertThat(request.getHeader("webhook-id")).startsWith("msg_");
		assertThat(Long.parseLong(request.getHeader("webhook-timestamp")))
			.isEqualTo(this.clock.instant().getEpochSecond());
		JsonNode body = read(request.getBodyAsString());
		assertThat(body.get("type").asString()).isEqualTo("workspace.document.version-added");
		assertThat(body.get("data").get("eventId").asString()).isEqualTo(envelope.id().toString());
		assertThat(body.get("data").get("documentId").asString()).isEqualTo(added.documentId().toString());
		assertThat(body.get("data").get("title").asString()).isEqualTo("Patch notes 7.12");
		assertThat(body.get("data").get("link").asString()).endsWith("/#/workspaces/" + workspace + "/documents/"
				+ added.documentId());
	}

	@Test
	void givenAnAmberDocument_whenDelivered_thenIdsLabelTypeAndLinkButNoTitle() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		Someone uploader = Someone.of(organisation(), "member");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin, uploader);
		Registered endpoint = register(admin, "workspace.document.version-added");

		publish(document(workspace, uploader, "TLP:AMBER", "Unpatched RCE in driver", List.of()));

		String body = awaitOne(endpoint.path()).getBodyAsString();
		assertThat(body).doesNotContain("Unpatched").doesNotContain("RCE");
		JsonNode data = read(body).get("data");
		assertThat(data.has("title")).isFalse();
		assertThat(data.get("label").asString()).isEqualTo("TLP:AMBER");
		assertThat(data.get("documentId")).isNotNull();
		assertThat(data.get("link").asString()).contains("/documents/");
	}

	@Test
	void givenLabelsThatLeaveTheOrganisationOut_whenTheEventIsConsumed_thenItsEndpointGetsNothing() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		Someone uploader = Someone.of(organisation(), "member");
		Someone named = Someone.of(organisation(), "member", "org-admin");
		Someone elsewhere = Someone.of(organisation(), "member", "org-admin");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin, uploader, named);
		Registered left = register(admin, "workspace.document.version-added");
		Registered namedEndpoint = register(named, "workspace.document.version-added");
		Registered outside = register(elsewhere, "workspace.document.version-added");

		// RED names people, never an organisation; AMBER+STRICT names the second organisation only
		publish(new DocumentVersionAdded(workspace, UUID.randomUUID(), 1, "Red", "TLP:RED",
				UUID.fromString(uploader.id()), uploader.organisation(), List.of(UUID.fromString(admin.id())),
				List.of()));
		publish(document(workspace, uploader, "TLP:AMBER+STRICT", "Strict", List.of(named.organisation())));
		publish(document(workspace, uploader, "TLP:CLEAR", "Clear", List.of()));

		// the organisation with nobody in the workspace hears not even the CLEAR one
		await().atMost(WAIT).until(() -> received(left.path()).size() == 1 && received(namedEndpoint.path()).size() == 2);
		assertThat(read(received(left.path()).get(0).getBodyAsString()).get("data").get("label").asString())
			.isEqualTo("TLP:CLEAR");
		assertThat(received(namedEndpoint.path())).extracting((request) -> read(request.getBodyAsString())
			.get("data").get("label").asString()).containsExactlyInAnyOrder("TLP:AMBER+STRICT", "TLP:CLEAR");
		assertThat(received(outside.path())).isEmpty();
	}

	@Test
	void givenAReceiverAnswering500_whenTheClockPassesTheBackOff_thenRetriedWithTheSameWebhookId() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin);
		Registered endpoint = register(admin, "workspace.document.version-added");
		firstThenOk(endpoint, aResponse().withStatus(500));

		EventEnvelope envelope = publish(document(workspace, admin, "TLP:GREEN", "Retry me", List.of()));
		awaitOne(endpoint.path());
		await().atMost(WAIT).until(() -> delivery(endpoint).getInteger("attempts") == 1);
		assertThat(delivery(endpoint).getString("state")).isEqualTo("PENDING");
		assertThat(delivery(endpoint).getInteger("lastStatus")).isEqualTo(500);
		// the same event again (a redelivery) owes nothing new
		double consumed = consumed();
		publish(envelope);
		await().atMost(WAIT).until(() -> consumed() >= consumed + 1);
		assertThat(received(endpoint.path())).hasSize(1);

		this.clock.advance(FIRST_RETRY.plusSeconds(1));

		await().atMost(WAIT).until(() -> received(endpoint.path()).size() == 2);
		List<LoggedRequest> attempts = received(endpoint.path());
		assertThat(attempts.get(1).getHeader("webhook-id")).isEqualTo(attempts.get(0).getHeader("webhook-id"));
		assertThat(attempts.get(1).getBodyAsString()).isEqualTo(attempts.get(0).getBodyAsString());
		assertThat(verifies(attempts.get(1), endpoint.secret())).isTrue();
		await().atMost(WAIT).until(() -> "DELIVERED".equals(delivery(endpoint).getString("state")));

		Someone other = Someone.of(admin.organisation(), "member", "org-admin");
		this.mvc.perform(other.sign(get("/api/notifications/organisations/" + admin.organisation() + "/webhooks/"
				+ endpoint.id() + "/deliveries")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].state").value("DELIVERED"))
			.andExpect(jsonPath("$[0].attempts").value(2))
			.andExpect(jsonPath("$[0].lastStatus").value(200))
			.andExpect(jsonPath("$[0].lastLatencyMs").isNumber())
			.andExpect(jsonPath("$[0].id").value(attempts.get(0).getHeader("webhook-id")));
	}

	@Test
	void givenAReceiverThatDoesNotAnswerInTime_whenRetried_thenDeliveredOnTheSecondAttempt() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin);
		Registered endpoint = register(admin, "workspace.document.version-added");
		firstThenOk(endpoint, aResponse().withStatus(200).withFixedDelay(3000));

		publish(document(workspace, admin, "TLP:GREEN", "Slow", List.of()));
		await().atMost(WAIT).until(() -> delivery(endpoint) != null && delivery(endpoint).getInteger("attempts") == 1);
		assertThat(delivery(endpoint).getString("lastError")).isEqualTo("no answer within the timeout");

		this.clock.advance(FIRST_RETRY.plusSeconds(1));

		await().atMost(WAIT).until(() -> "DELIVERED".equals(delivery(endpoint).getString("state")));
		assertThat(delivery(endpoint).getInteger("attempts")).isEqualTo(2);
		List<LoggedRequest> attempts = received(endpoint.path());
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(1).getHeader("webhook-id")).isEqualTo(attempts.get(0).getHeader("webhook-id"));
	}

	@Test
	void givenAReceiverDownForADay_whenGivenUp_thenTheEndpointIsFailingItsAdminsAreToldAndLaterEventsWait()
			throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		Someone otherAdmin = Someone.of(admin.organisation(), "member", "org-admin");
		Someone member = Someone.of(admin.organisation(), "member");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin, otherAdmin, member);
		// the directory learns who administers the organisation from their calls
		this.mvc.perform(otherAdmin.sign(get("/api/notifications/organisations/" + admin.organisation() + "/webhooks")))
			.andExpect(status().isOk());
		this.mvc.perform(member.sign(get("/api/notifications/unread-count"))).andExpect(status().isOk());
		Registered endpoint = register(admin, "rollouts.release.halted");
		RECEIVER.stubFor(post(urlEqualTo(endpoint.path())).willReturn(aResponse().withStatus(503)));

		ReleaseSummary release = new ReleaseSummary(UUID.randomUUID(), workspace, admin.organisation(), "Falcon",
				"7.12.0", "SENSOR", "TLP:AMBER", admin.id(), List.of(), List.of());
		publish(new ReleaseHalted(release, 0, "breach", true, List.of(), List.of(), false, admin.id()));
		for (int attempt = 1; !"FAILED".equals(state(endpoint)); attempt++) {
			int before = received(endpoint.path()).size();
			await().atMost(WAIT).until(() -> received(endpoint.path()).size() > before
					&& !"SENDING".equals(state(endpoint)));
			this.clock.advance(Duration.ofHours(1).plusSeconds(1));
			assertThat(attempt).as("attempts before giving up").isLessThan(40);
		}

		this.mvc.perform(admin.sign(get("/api/notifications/organisations/" + admin.organisation() + "/webhooks/"
				+ endpoint.id())))
			.andExpect(jsonPath("$.state").value("FAILING"));
		await().atMost(WAIT).until(() -> failingNotices(admin).size() == 1 && failingNotices(otherAdmin).size() == 1);
		assertThat(failingNotices(admin).get(0).title()).contains("is failing").contains(endpoint.path());
		assertThat(failingNotices(member)).isEmpty();

		// failing holds what comes next until an admin resumes it
		int sent = received(endpoint.path()).size();
		publish(new ReleaseHalted(release, 1, "again", true, List.of(), List.of(), false, admin.id()));
		await().atMost(WAIT).until(() -> this.mongo.count(new Query(where("endpointId")
			.is(UUID.fromString(endpoint.id())).and("state").is("HELD")), "webhook_deliveries") == 1);
		assertThat(received(endpoint.path())).hasSize(sent);
		RECEIVER.stubFor(post(urlEqualTo(endpoint.path())).willReturn(aResponse().withStatus(204)));
		this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/api/notifications/organisations/" + admin.organisation() + "/webhooks/" + endpoint.id() + "/resume")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("ACTIVE"));
		this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/api/notifications/organisations/" + admin.organisation() + "/webhooks/" + endpoint.id() + "/test")))
			.andExpect(status().isAccepted());
		await().atMost(WAIT).until(() -> received(endpoint.path()).size() == sent + 2);
		assertThat(received(endpoint.path()).subList(sent, sent + 2))
			.extracting((request) -> read(request.getBodyAsString()).get("type").asString())
			.containsExactlyInAnyOrder("webhook.test", "rollouts.release.halted");
	}

	@Test
	void givenAHostThatResolvesElsewhereAtDelivery_whenSending_thenRefusedWithoutConnecting() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
		DNS.put(host, "93.184.216.34");
		String body = this.mvc
			.perform(admin.sign(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.post("/api/notifications/organisations/" + admin.organisation() + "/webhooks"),
					Map.of("url", "https://" + host + "/hook", "eventTypes", List.of("workspace.comment.posted")))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = read(body).get("endpoint").get("id").asString();
		DNS.put(host, "169.254.169.254");

		this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/api/notifications/organisations/" + admin.organisation() + "/webhooks/" + id + "/test")))
			.andExpect(status().isAccepted());

		await().atMost(WAIT).until(() -> {
			Document test = this.mongo.findOne(new Query(where("endpointId").is(UUID.fromString(id))), Document.class,
					"webhook_deliveries");
			return test != null && "FAILED".equals(test.getString("state"));
		});
		this.mvc.perform(admin.sign(get("/api/notifications/organisations/" + admin.organisation() + "/webhooks/" + id
				+ "/deliveries")))
			.andExpect(jsonPath("$[0].lastError").value(org.hamcrest.Matchers.containsString(
					"resolves to 169.254.169.254, a link-local address")))
			.andExpect(jsonPath("$[0].lastStatus").doesNotExist());
	}

	@Test
	void givenAnEndpoint_whenRegisteredRotatedPausedAndDeleted_thenTheSecretIsShownOnlyInThoseAnswersAndStoredSealed()
			throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		UUID workspace = UUID.randomUUID();
		members(workspace, admin);
		Registered endpoint = register(admin, "workspace.document.version-added");
		String base = "/api/notifications/organisations/" + admin.organisation() + "/webhooks";

		String listed = this.mvc.perform(admin.sign(get(base)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].url").value("http://127.0.0.1:" + RECEIVER.port() + endpoint.path()))
			.andExpect(jsonPath("$[0].state").value("ACTIVE"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(listed).doesNotContain(endpoint.secret()).doesNotContain("whsec_").doesNotContain("\"secret\"");
		Document stored = this.mongo.findById(UUID.fromString(endpoint.id()), Document.class, "webhook_endpoints");
		assertThat(stored.getString("secret")).startsWith("aes-gcm:")
			.doesNotContain(endpoint.secret().substring(6, 20));

		String rotated = read(this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request
			.MockMvcRequestBuilders.post(base + "/" + endpoint.id() + "/rotate")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("secret").asString();
		assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.secret());

		this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post(base + "/" + endpoint.id() + "/pause")))
			.andExpect(jsonPath("$.state").value("PAUSED"));
		publish(document(workspace, admin, "TLP:GREEN", "While paused", List.of()));
		await().atMost(WAIT).until(() -> delivery(endpoint) != null && "HELD".equals(state(endpoint)));
		this.mvc.perform(admin.sign(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post(base + "/" + endpoint.id() + "/test")))
			.andExpect(status().isAccepted());
		LoggedRequest test = awaitOne(endpoint.path());
		assertThat(read(test.getBodyAsString()).get("type").asString()).isEqualTo("webhook.test");
		assertThat(verifies(test, rotated)).as("signed with the new secret").isTrue();
		assertThat(verifies(test, endpoint.secret())).as("not with the old one").isFalse();
		assertThat(received(endpoint.path())).hasSize(1);

		this.mvc.perform(admin.sign(delete(base + "/" + endpoint.id()))).andExpect(status().isNoContent());
		this.mvc.perform(admin.sign(get(base + "/" + endpoint.id())))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
	}

	@Test
	void givenWrongRequests_whenRegistering_thenProblemsInWords() throws Exception {
		Someone admin = Someone.of(organisation(), "member", "org-admin");
		String base = "/api/notifications/organisations/" + admin.organisation() + "/webhooks";
		DNS.put("loopback.example", "127.0.0.2");

		expectProblem(base, Map.of("eventTypes", List.of("workspace.comment.posted")), 400,
				"Give the URL of your receiving system, starting with https://.");
		expectProblem(base, Map.of("url", "ftp://partner.example/x", "eventTypes", List.of("workspace.comment.posted")),
				400, "The URL must start with https://.");
		expectProblem(base, Map.of("url", "https://partner.example/x", "eventTypes", List.of()), 400,
				"Choose at least one event type for the endpoint to receive.");
		expectProblem(base, Map.of("url", "https://partner.example/x", "eventTypes",
				List.of("identity.member.offboarded")), 400,
				"These event types cannot be sent to a webhook: identity.member.offboarded. Choose among: "
						+ "workspace.document.version-added,");
		expectProblem(base, Map.of("url", "https://169.254.169.254/latest/meta-data/", "eventTypes",
				List.of("workspace.comment.posted")), 422,
				"The host 169.254.169.254 resolves to 169.254.169.254, a link-local address");
		expectProblem(base, Map.of("url", "https://10.1.2.3/", "eventTypes", List.of("workspace.comment.posted")), 422,
				"The host 10.1.2.3 resolves to 10.1.2.3, a private address");
		expectProblem(base, Map.of("url", "http://loopback.example:" + RECEIVER.port() + "/hook", "eventTypes",
				List.of("workspace.comment.posted")), 422, "The host loopback.example resolves to 127.0.0.2, a loopback "
						+ "address: webhooks only go to public internet addresses.");
	}

	private void expectProblem(String base, Map<String, Object> body, int status, String detail) throws Exception {
		Someone admin = Someone.of(base.split("/")[4], "member", "org-admin");
		this.mvc.perform(admin.sign(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(base),
				body)))
			.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(detail)));
	}

	/** The receiver answers the first request so, and every later one with 200. */
	private static void firstThenOk(Registered endpoint, ResponseDefinitionBuilder first) {
		RECEIVER.stubFor(post(urlEqualTo(endpoint.path())).inScenario(endpoint.path())
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("answered once"));
		RECEIVER.stubFor(post(urlEqualTo(endpoint.path())).inScenario(endpoint.path())
			.whenScenarioStateIs("answered once")
			.willReturn(aResponse().withStatus(200)));
	}

	private Document delivery(Registered endpoint) {
		return this.mongo.findOne(new Query(where("endpointId").is(UUID.fromString(endpoint.id())).and("test").is(false)),
				Document.class, "webhook_deliveries");
	}

	private String state(Registered endpoint) {
		Document delivery = delivery(endpoint);
		return (delivery != null) ? delivery.getString("state") : "NONE";
	}

	private List<Notification> failingNotices(Someone person) {
		return this.mongo.find(new Query(where("recipientId").is(person.id()).and("type")
			.is("notifications.webhook.failing")), Notification.class);
	}

}
