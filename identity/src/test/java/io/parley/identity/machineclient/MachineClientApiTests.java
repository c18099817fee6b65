package io.parley.identity.machineclient;

import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.parley.identity.IdentityApiTest;
import io.parley.identity.KeycloakStub;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * API clients of an organisation, with WireMock as Keycloak's admin API: what identity asks Keycloak to create
 * (client credentials only, claims fixed to the organisation, role machine), what it keeps (no secret), what it
 * records, and who is refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class MachineClientApiTests extends IdentityApiTest {

	private static final String ACME = "/api/identity/organisations/acme-security/clients";

	private final KeycloakStub keycloak = KeycloakStub.get();

	private final UUID keycloakId = UUID.randomUUID();

	private final UUID serviceAccount = UUID.randomUUID();

	@BeforeEach
	void freshKeycloak() {
		this.keycloak.reset().managesClients(this.keycloakId, this.serviceAccount);
	}

	@Test
	void givenOrgAdmin_whenCreatingAClient_thenKeycloakGetsAClientCredentialsClientCarryingTheOrganisation(
			CapturedOutput output) throws Exception {
		MvcResult created = this.mvc.perform(as("acme-admin", create(ACME, "release-pipeline (prod)")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.name").value("release-pipeline (prod)"))
			.andReturn();
		JsonNode answer = JSON.readTree(created.getResponse().getContentAsString());
		String clientId = answer.get("clientId").asString();
		String secret = answer.get("secret").asString();
		assertThat(clientId).matches("api-acme-security-[a-z2-9]{10}");
		assertThat(secret).hasSize(43);
		assertThat(created.getResponse().getHeader("Location")).isEqualTo(ACME + "/" + clientId);

		LoggedRequest request = this.keycloak.server()
			.findAll(postRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS))
				.withHeader("Authorization", equalTo("Bearer service-account-token")))
			.get(0);
		JsonNode client = JSON.readTree(request.getBodyAsString());
		assertThat(client.get("clientId").asString()).isEqualTo(clientId);
		assertThat(client.get("secret").asString()).isEqualTo(secret);
		assertThat(client.get("publicClient").asBoolean()).isFalse();
		assertThat(client.get("serviceAccountsEnabled").asBoolean()).isTrue();
		assertThat(client.get("standardFlowEnabled").asBoolean()).isFalse();
		assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
		assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
		assertThat(client.get("attributes").get("access.token.lifespan").asString()).isEqualTo("300");
		assertThat(mapper(client, "org").get("protocolMapper").asString()).isEqualTo("oidc-hardcoded-claim-mapper");
		assertThat(mapper(client, "org").get("config").get("claim.value").asString()).isEqualTo("acme-security");
		assertThat(mapper(client, "org").get("config").get("access.token.claim").asString()).isEqualTo("true");
		assertThat(mapper(client, "org_type").get("config").get("claim.value").asString()).isEqualTo("VENDOR");
		assertThat(mapper(client, "parley-api audience").get("config").get("included.custom.audience").asString())
			.isEqualTo("parley-api");
		// the service account gets `machine` and nothing else
		this.keycloak.server()
			.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + this.serviceAccount + "/role-mappings/realm"))
				.withRequestBody(equalToJson("[{\"id\":\"role-machine-id\",\"name\":\"machine\"}]")));

		Document stored = this.mongo.findById(clientId, Document.class, "machine_clients");
		assertThat(stored.toJson()).doesNotContain(secret);
		assertThat(stored.get("serviceAccountId")).isEqualTo(this.serviceAccount);
		assertThat(stored.get("createdBy")).isEqualTo(subjectOf("acme-admin"));
		List<EventEnvelope> events = outbox("machine_clients", clientId);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.machine-client.created");
		assertThat(events.get(0).data().get("organisationId").asString()).isEqualTo("acme-security");
		assertThat(events.get(0).data().get("serviceAccountId").asString()).isEqualTo(this.serviceAccount.toString());
		assertThat(events.get(0).data().toString()).doesNotContain(secret);
		assertThat(output.getAll()).doesNotContain(secret).contains("API client " + clientId + " of acme-security created");

		this.mvc.perform(as("acme-admin", get(ACME)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.clientId == '" + clientId + "')].name").value("release-pipeline (prod)"))
			.andExpect(jsonPath("$[?(@.clientId == '" + clientId + "')].createdBy")
				.value(subjectOf("acme-admin").toString()))
			.andExpect(jsonPath("$[*].secret").doesNotExist());
	}

	@Test
	void givenClient_whenRotated_thenKeycloaksNewSecretShownOnceAndRecorded(CapturedOutput output) throws Exception {
		String clientId = newClient("acme-admin", ACME);

		this.mvc.perform(as("host-admin", post(ACME + "/" + clientId + "/rotate")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.clientId").value(clientId))
			.andExpect(jsonPath("$.secret").value(KeycloakStub.REGENERATED_SECRET));

		this.keycloak.server()
			.verify(1, postRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS + "/" + this.keycloakId + "/client-secret")));
		assertThat(outboxTypes("machine_clients", clientId)).containsExactly("identity.machine-client.created",
				"identity.machine-client.secret-rotated");
		assertThat(this.mongo.findById(clientId, Document.class, "machine_clients").toJson())
			.doesNotContain(KeycloakStub.REGENERATED_SECRET);
		assertThat(output.getAll()).doesNotContain(KeycloakStub.REGENERATED_SECRET);
		this.mvc.perform(as("acme-admin", get(ACME)))
			.andExpect(jsonPath("$[?(@.clientId == '" + clientId + "')].lastRotatedAt").isNotEmpty());
	}

	@Test
	void givenClient_whenRevoked_thenDeletedInKeycloakGoneFromTheListAndRecorded() throws Exception {
		String clientId = newClient("acme-admin", ACME);

		this.mvc.perform(as("acme-admin", delete(ACME + "/" + clientId))).andExpect(status().isNoContent());

		this.keycloak.server().verify(1, deleteRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS + "/" + this.keycloakId)));
		List<EventEnvelope> events = outbox("machine_clients", clientId);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.machine-client.created",
				"identity.machine-client.revoked");
		assertThat(events.get(1).data().get("serviceAccountId").asString()).isEqualTo(this.serviceAccount.toString());
		assertThat(events.get(1).data().get("revokedBy").asString()).isEqualTo(subjectOf("acme-admin").toString());
		// a platform contract: rollouts refuses the client's last tokens when it hears of it (ADR 0030)
		EventSamples.assertMatchesSample(events.get(1), JSON);
		this.mvc.perform(as("acme-admin", get(ACME))).andExpect(jsonPath("$[?(@.clientId == '" + clientId + "')]").isEmpty());
		// a revoked client is as gone as one that never existed
		this.mvc.perform(as("acme-admin", post(ACME + "/" + clientId + "/rotate"))).andExpect(status().isNotFound());
		this.mvc.perform(as("acme-admin", delete(ACME + "/" + clientId))).andExpect(status().isNotFound());
	}

	@Test
	void givenClientDeletedInKeycloaksConsole_whenRevoked_thenRecordedAnyway() throws Exception {
		String clientId = newClient("acme-admin", ACME);
		this.keycloak.server()
			.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathMatching(KeycloakStub.CLIENTS + "/.*"))
				.willReturn(com.github.tomakehurst.wiremock.client.WireMock.notFound()));

		this.mvc.perform(as("acme-admin", delete(ACME + "/" + clientId))).andExpect(status().isNoContent());

		assertThat(outboxTypes("machine_clients", clientId)).endsWith("identity.machine-client.revoked");
	}

	@Test
	void givenAnotherOrganisationsAdmin_whenTouchingTheClients_thenNotFoundAndKeycloakUntouched() throws Exception {
		String clientId = newClient("acme-admin", ACME);
		this.keycloak.server().resetRequests();

		this.mvc.perform(as("gov-admin", get(ACME))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-admin", create(ACME, "stolen"))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-admin", post(ACME + "/" + clientId + "/rotate"))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-admin", delete(ACME + "/" + clientId)))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		// their own organisation's path does not reach another organisation's client either
		String gov = "/api/identity/organisations/gov-cert/clients/" + clientId;
		this.mvc.perform(as("gov-admin", post(gov + "/rotate"))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-admin", delete(gov))).andExpect(status().isNotFound());

		this.keycloak.server().verify(0, anyRequestedFor(urlPathMatching("/admin/.*")));
		assertThat(outboxTypes("machine_clients", clientId)).containsExactly("identity.machine-client.created");
	}

	@Test
	void givenColleagueWhoIsNoAdmin_whenCreating_thenForbidden() throws Exception {
		this.mvc.perform(as("partner-engineer", create(ACME, "my-own")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("Only this organisation's admins and portal admins manage its API clients."));
		this.keycloak.server().verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS)));
	}

	@Test
	void givenApiClient_whenCallingIdentity_thenForbiddenWhateverThePath() throws Exception {
		for (String path : List.of("/api/identity/me", "/api/identity/organisations/acme-security/people", ACME)) {
			this.mvc.perform(as("acme-pipeline", get(path)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"));
		}
		this.mvc.perform(as("acme-pipeline", create(ACME, "another"))).andExpect(status().isForbidden());
		// not taken for a person signing in for the first time
		assertThat(this.mongo.findById(subjectOf("acme-pipeline"), Document.class, "people")).isNull();
		this.keycloak.server().verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS)));
	}

	@Test
	void givenKeycloakDown_whenCreating_thenServiceUnavailableAndNothingRecorded() throws Exception {
		this.keycloak.reset().isDown();
		long before = this.mongo.count(new Query(), "machine_clients");

		this.mvc.perform(as("acme-admin", create(ACME, "pipeline")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:keycloak-unavailable"));

		assertThat(this.mongo.count(new Query(), "machine_clients")).isEqualTo(before);
	}

	@Test
	void givenRoleMappingRefused_whenCreating_thenTheHalfMadeClientIsDeletedAgain() throws Exception {
		this.keycloak.server()
			.stubFor(com.github.tomakehurst.wiremock.client.WireMock
				.post(urlPathEqualTo(KeycloakStub.USERS + "/" + this.serviceAccount + "/role-mappings/realm"))
				.willReturn(com.github.tomakehurst.wiremock.client.WireMock.forbidden()));
		long before = this.mongo.count(new Query(), "machine_clients");

		this.mvc.perform(as("acme-admin", create(ACME, "pipeline"))).andExpect(status().isServiceUnavailable());

		this.keycloak.server().verify(1, deleteRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS + "/" + this.keycloakId)));
		assertThat(this.mongo.count(new Query(), "machine_clients")).isEqualTo(before);
	}

	@Test
	void givenBadName_whenCreating_thenBadRequestNamingTheRuleAndNothingInKeycloak() throws Exception {
		this.mvc.perform(as("acme-admin", create(ACME, "<script>")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("name")));
		this.mvc.perform(as("acme-admin", create(ACME, " "))).andExpect(status().isBadRequest());
		this.keycloak.server().verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.CLIENTS)));
	}

	@Test
	void givenDeactivatedOrganisation_whenCreating_thenConflict() throws Exception {
		String organisation = newOrganisation();
		this.mongo.updateFirst(new Query(where("_id").is(organisation)), new Update().set("active", false),
				"organisations");

		this.mvc.perform(as("host-admin", create("/api/identity/organisations/" + organisation + "/clients", "late")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:organisation-inactive"));
	}

	@Test
	void givenOrganisationAtItsLimit_whenCreatingOneMore_thenConflictSayingWhatToDo() throws Exception {
		String clients = "/api/identity/organisations/" + newOrganisation() + "/clients";
		for (int i = 0; i < 20; i++) {
			newClient("host-admin", clients);
		}

		this.mvc.perform(as("host-admin", create(clients, "one-too-many")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:machine-client-limit"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("revoke one")));
	}

	private String newOrganisation() throws Exception {
		String organisation = unique("partner");
		this.mvc
			.perform(as("host-admin", post("/api/identity/organisations")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"id\":\"" + organisation + "\",\"name\":\"Partner\",\"type\":\"VENDOR\"}"))
			.andExpect(status().isCreated());
		return organisation;
	}

	private String newClient(String admin, String clients) throws Exception {
		String body = this.mvc.perform(as(admin, create(clients, "pipeline")))
			.andExpect(status().isCreated())
			.andExpect(header().exists("Location"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(body).get("clientId").asString();
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder create(String clients,
			String name) {
		return post(clients).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}");
	}

	private static JsonNode mapper(JsonNode client, String name) {
		for (JsonNode mapper : client.get("protocolMappers")) {
			if (name.equals(mapper.get("name").asString())) {
				return mapper;
			}
		}
		throw new AssertionError("no protocol mapper " + name + " in " + client);
	}

}
