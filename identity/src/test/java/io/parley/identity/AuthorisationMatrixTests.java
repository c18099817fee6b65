package io.parley.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.parley.identity.person.Person;
import io.parley.identity.person.Role;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every identity endpoint that takes an id, called by: a portal admin, an org admin of the organisation concerned
 * (acme-security), an org admin of another organisation (gov-cert), a plain member of acme-security, nobody, and
 * an acme-security org admin who has been offboarded (their token is still valid), and, for API clients,
 * acme-security's own API client (a pipeline, role machine). What a caller may not know exists answers 404, exactly
 * like what does not exist.
 */
class AuthorisationMatrixTests extends IdentityApiTest {

	private static final String ORG = "acme-security";

	@BeforeEach
	void setUp() {
		KeycloakStub.get()
			.reset()
			.noUserWithAnyEmail()
			.disablesAndLogsOutAnyone()
			.managesClients(UUID.randomUUID(), UUID.randomUUID());
		UUID offboarded = subjectOf("offboarded-member");
		this.mongo.save(new Person(offboarded, ORG, OrganisationType.VENDOR, "Olly Offboarded",
				"olly.offboarded@acme-security.example", Role.ORG_ADMIN, Person.Status.OFFBOARDED, null, null, null,
				null, Instant.now(), Instant.now(), Instant.now(), null, 2));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 200", "partner-engineer, 200", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenReadingAnOrganisation_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/organisations/" + ORG), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 403", "gov-admin, 403", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenRenamingAnOrganisation_thenStatus(String caller, int expected) throws Exception {
		// the same name: a portal admin's call succeeds without changing what other tests rely on
		call(caller, patch("/api/identity/organisations/" + ORG).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ACME Security\"}"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 403", "gov-admin, 403", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenDeactivatingAnOrganisation_thenStatus(String caller, int expected) throws Exception {
		String organisation = unique("tmp");
		this.mvc
			.perform(as("host-admin", post("/api/identity/organisations")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"id\":\"" + organisation + "\",\"name\":\"Temporary\",\"type\":\"VENDOR\"}"))
			.andExpect(status().isCreated());
		call(caller, post("/api/identity/organisations/" + organisation + "/deactivation"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 200", "partner-engineer, 200", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenReadingTheDirectory_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/organisations/" + ORG + "/people"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 200", "partner-engineer, 200", "anonymous, 401",
			"offboarded-member, 401", "acme-pipeline, 403" })
	void givenCaller_whenSearchingPeople_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/people").param("query", "pam"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 403", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenListingInvitations_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/organisations/" + ORG + "/invitations"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 201", "acme-admin, 201", "gov-admin, 403", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenInviting_thenStatus(String caller, int expected) throws Exception {
		call(caller, post("/api/identity/organisations/" + ORG + "/invitations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Ivy Invitee\",\"email\":\"" + unique("ivy") + "@acme-security.example\","
					+ "\"role\":\"MEMBER\"}"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 404", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenReadingAnInvitation_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/invitations/" + newInvitation()), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 404", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenResendingAnInvitation_thenStatus(String caller, int expected) throws Exception {
		call(caller, post("/api/identity/invitations/" + newInvitation() + "/resend"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 404", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenRevokingAnInvitation_thenStatus(String caller, int expected) throws Exception {
		call(caller, post("/api/identity/invitations/" + newInvitation() + "/revocation"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 200", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenReadingAPerson_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/people/" + newPerson(null)), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenChangingARole_thenStatus(String caller, int expected) throws Exception {
		// the person's current role: admins succeed without a Keycloak round trip, the rules are the same
		call(caller, put("/api/identity/people/" + newPerson(null) + "/role").contentType(MediaType.APPLICATION_JSON)
			.content("{\"role\":\"MEMBER\"}"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenExtendingAccess_thenStatus(String caller, int expected) throws Exception {
		call(caller, extension(newPerson(null)), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 204", "acme-admin, 204", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401" })
	void givenCaller_whenOffboarding_thenStatus(String caller, int expected) throws Exception {
		call(caller, post("/api/identity/people/" + newPerson(null) + "/offboarding"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401", "acme-pipeline, 403" })
	void givenCaller_whenListingApiClients_thenStatus(String caller, int expected) throws Exception {
		call(caller, get("/api/identity/organisations/" + ORG + "/clients"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 201", "acme-admin, 201", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401", "acme-pipeline, 403" })
	void givenCaller_whenCreatingAnApiClient_thenStatus(String caller, int expected) throws Exception {
		call(caller, newApiClient(), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 200", "acme-admin, 200", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401", "acme-pipeline, 403" })
	void givenCaller_whenRotatingAnApiClientsSecret_thenStatus(String caller, int expected) throws Exception {
		call(caller, post("/api/identity/organisations/" + ORG + "/clients/" + apiClient() + "/rotate"), expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "host-admin, 204", "acme-admin, 204", "gov-admin, 404", "partner-engineer, 403", "anonymous, 401",
			"offboarded-member, 401", "acme-pipeline, 403" })
	void givenCaller_whenRevokingAnApiClient_thenStatus(String caller, int expected) throws Exception {
		call(caller, delete("/api/identity/organisations/" + ORG + "/clients/" + apiClient()), expected);
	}

	@Test
	void givenUnknownIds_whenPortalAdminAsks_thenNotFoundLikeTheHiddenOnes() throws Exception {
		call("host-admin", get("/api/identity/people/" + UUID.randomUUID()), 404);
		call("host-admin", get("/api/identity/invitations/" + UUID.randomUUID()), 404);
		call("host-admin", get("/api/identity/organisations/no-such-org"), 404);
		call("host-admin", get("/api/identity/people/not-a-uuid"), 400);
		call("host-admin", get("/api/identity/organisations/NOT_A_SLUG"), 400);
		call("host-admin", post("/api/identity/organisations/" + ORG + "/clients/api-" + ORG + "-unknown/rotate"), 404);
		call("host-admin", delete("/api/identity/organisations/" + ORG + "/clients/not_a_client_id"), 400);
	}

	@Test
	void givenSponsorFromAnotherOrganisation_whenExtendingAndReading_thenAllowed() throws Exception {
		UUID person = newPerson(subjectOf("gov-admin"));
		call("gov-admin", extension(person), 200);
		this.mvc.perform(as("gov-admin", get("/api/identity/people/" + person)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.accessEndsAt").exists());
	}

	@Test
	void givenOffboardedCaller_whenCallingAnything_thenAccessRevokedProblem() throws Exception {
		this.mvc.perform(as("offboarded-member", get("/api/identity/me")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"));
	}

	@Test
	void givenOtherOrganisationsAdmin_whenReadingTheDirectory_thenOnlyNameOrganisationAndRole() throws Exception {
		UUID person = newPerson(null);
		String name = this.mongo.findById(person, Person.class).name();
		this.mvc.perform(as("gov-admin", get("/api/identity/organisations/" + ORG + "/people")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].organisationId").value(hasItem(ORG)))
			.andExpect(jsonPath("$[*].id").doesNotExist())
			.andExpect(jsonPath("$[*].email").doesNotExist())
			.andExpect(jsonPath("$[*].sponsorId").doesNotExist())
			.andExpect(jsonPath("$[*].name").value(not(hasItem("Olly Offboarded"))));
		this.mvc.perform(as("partner-engineer", get("/api/identity/organisations/" + ORG + "/people")))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].email").exists())
			.andExpect(jsonPath("$[*].accessEndsAt").doesNotExist());
		this.mvc.perform(as("acme-admin", get("/api/identity/organisations/" + ORG + "/people")))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].accessEndsAt").exists())
			.andExpect(jsonPath("$[*].name").value(hasItem("Olly Offboarded")));
	}

	private void call(String caller, MockHttpServletRequestBuilder request, int expected) throws Exception {
		ResultActions result = this.mvc.perform("anonymous".equals(caller) ? request : as(caller, request))
			.andExpect(status().is(expected));
		if (expected == 401) {
			result.andExpect(jsonPath("$.type").value("offboarded-member".equals(caller)
					? "urn:parley:problem:access-revoked" : "urn:parley:problem:unauthenticated"));
		}
		if (expected == 404) {
			result.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		}
	}

	private static MockHttpServletRequestBuilder extension(UUID person) {
		return post("/api/identity/people/" + person + "/access-extension").contentType(MediaType.APPLICATION_JSON)
			.content("{\"accessEndsAt\":\"" + Instant.now().plus(Duration.ofDays(60)) + "\"}");
	}

	private UUID newPerson(@Nullable UUID sponsor) {
		UUID id = UUID.randomUUID();
		String name = "Pam " + id.toString().substring(0, 6).replaceAll("[0-9]", "x");
		this.mongo.insert(new Person(id, ORG, OrganisationType.VENDOR, name, unique("pam") + "@acme-security.example",
				Role.MEMBER, Person.Status.ACTIVE, sponsor, Instant.now().plus(Duration.ofDays(30)), null, null,
				Instant.now(), Instant.now(), null, null, 1));
		return id;
	}

	private static MockHttpServletRequestBuilder newApiClient() {
		return post("/api/identity/organisations/" + ORG + "/clients").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"release pipeline\"}");
	}

	private String apiClient() throws Exception {
		String body = this.mvc.perform(as("host-admin", newApiClient()))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(body).get("clientId").asString();
	}

	private String newInvitation() throws Exception {
		return this.mvc
			.perform(as("host-admin", post("/api/identity/organisations/" + ORG + "/invitations"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Ina Invitee\",\"email\":\"" + unique("ina") + "@acme-security.example\","
						+ "\"role\":\"MEMBER\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getHeader("Location")
			.replace("/api/identity/invitations/", "");
	}

}
