package io.parley.identity.invitation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.parley.identity.IdentityApiTest;
import io.parley.identity.KeycloakStub;
import io.parley.identity.TestInfrastructure;
import io.parley.identity.person.Person;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Invitations end to end inside identity: the mail GreenMail captured gives the link, WireMock plays Keycloak and
 * shows exactly what identity asked of it.
 */
class InvitationApiTests extends IdentityApiTest {

	private static final java.util.regex.Pattern LINK = java.util.regex.Pattern
		.compile("http://127\\.0\\.0\\.1:8080/#/invitation/([A-Za-z0-9_-]{43})");

	private final KeycloakStub keycloak = KeycloakStub.get();

	@BeforeEach
	void freshKeycloak() {
		this.keycloak.reset().noUserWithAnyEmail();
	}

	@Test
	void givenOrgAdmin_whenInviting_thenMailCarriesLinkAndOnlyTheTokensHashIsStored() throws Exception {
		String email = unique("dana") + "@acme-security.example";

		String id = invite("acme-admin", "acme-security", "Dana O'Neil-Smith", email, "MEMBER")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.state").value("PENDING"))
			.andExpect(jsonPath("$.emailSent").value(true))
			.andExpect(jsonPath("$.sponsorId").value(subjectOf("acme-admin").toString()))
			.andReturn()
			.getResponse()
			.getHeader("Location")
			.replace("/api/identity/invitations/", "");

		String token = tokenMailedTo(email);
		Document stored = this.mongo.findById(UUID.fromString(id), Document.class, "invitations");
		assertThat(stored.getString("tokenHash")).isEqualTo(InvitationTokens.hash(token)).hasSize(64);
		assertThat(stored.toJson()).doesNotContain(token);
		List<EventEnvelope> events = outbox("invitations", UUID.fromString(id));
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.invitation.issued");
		EventSamples.assertMatchesSample(events.get(0), JSON);
		assertThat(events.get(0).data().get("email").asString()).isEqualTo(email);
	}

	@Test
	void givenGovernmentInvitation_whenAcceptingTheMailedLink_thenKeycloakUserWithAttributesRolesAndActionsEmail()
			throws Exception {
		String email = unique("gail") + "@gov-cert.example";
		UUID userId = UUID.randomUUID();
		this.keycloak.createsUser(userId).mapsRoles(userId).sendsActionsEmail(userId);
		String invitationId = idOf(invite("gov-admin", "gov-cert", "Gail Liaison", email, "MEMBER"));

		accept(tokenMailedTo(email)).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.email").value(email))
			.andExpect(jsonPath("$.secondFactorRequired").value(true));

		this.keycloak.server()
			.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS))
				.withHeader("Authorization", equalTo("Bearer service-account-token"))
				.withRequestBody(equalToJson("""
						{"username": "%s", "email": "%s", "emailVerified": true, "firstName": "Gail",
						 "lastName": "Liaison", "enabled": true,
						 "attributes": {"org": ["gov-cert"], "org_type": ["GOVERNMENT"],
						                "parley_invitation": ["%s"]},
						 "requiredActions": ["UPDATE_PASSWORD", "CONFIGURE_TOTP"]}
						""".formatted(email, email, invitationId))));
		this.keycloak.server()
			.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + userId + "/role-mappings/realm"))
				.withRequestBody(equalToJson("[{\"id\": \"role-member-id\", \"name\": \"member\"}]")));
		this.keycloak.server()
			.verify(putRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + userId + "/execute-actions-email"))
				.withQueryParam("client_id", equalTo("parley-gateway"))
				.withQueryParam("redirect_uri", equalTo("http://127.0.0.1:8080/"))
				.withQueryParam("lifespan", equalTo("43200"))
				.withRequestBody(equalToJson("[\"UPDATE_PASSWORD\", \"CONFIGURE_TOTP\"]")));

		Person person = this.mongo.findById(userId, Person.class);
		assertThat(person.status()).isEqualTo(Person.Status.JOINING);
		assertThat(person.organisationId()).isEqualTo("gov-cert");
		assertThat(person.sponsorId()).isEqualTo(subjectOf("gov-admin"));
		assertThat(person.accessEndsAt()).isBetween(Instant.now().plus(Duration.ofDays(179)),
				Instant.now().plus(Duration.ofDays(181)));
		List<EventEnvelope> joined = outbox("people", userId);
		assertThat(joined).extracting(EventEnvelope::type)
			.containsExactly("identity.invitation.accepted", "identity.member.access-scheduled");
		// every service refuses the person at this end by itself (ADR 0024)
		EventSamples.assertMatchesSample(joined.get(1), JSON);
		assertThat(Instant.parse(joined.get(1).data().get("accessEndsAt").asString())).isEqualTo(person.accessEndsAt());
		this.mvc.perform(as("gov-admin", get("/api/identity/invitations/" + invitationId)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("ACCEPTED"))
			.andExpect(jsonPath("$.personId").value(userId.toString()));
	}

	@Test
	void givenVendorInvitation_whenAccepting_thenOnlyPasswordIsRequired() throws Exception {
		String email = unique("vic") + "@acme-security.example";
		UUID userId = UUID.randomUUID();
		this.keycloak.createsUser(userId).mapsRoles(userId).sendsActionsEmail(userId);
		invite("acme-admin", "acme-security", "Vic Vendor", email, "ORG_ADMIN").andExpect(status().isCreated());

		accept(tokenMailedTo(email)).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.secondFactorRequired").value(false));

		this.keycloak.server()
			.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS))
				.withRequestBody(WireMock.matchingJsonPath("$.requiredActions", equalToJson("[\"UPDATE_PASSWORD\"]"))));
		this.keycloak.server()
			.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + userId + "/role-mappings/realm"))
				.withRequestBody(equalToJson("[{\"id\": \"role-member-id\", \"name\": \"member\"},"
						+ "{\"id\": \"role-org-admin-id\", \"name\": \"org-admin\"}]", true, false)));
	}

	@Test
	void givenAcceptedLink_whenUsedAgain_thenGoneAsUsedAndNoSecondUser() throws Exception {
		String email = unique("ursula") + "@acme-security.example";
		UUID userId = UUID.randomUUID();
		this.keycloak.createsUser(userId).mapsRoles(userId).sendsActionsEmail(userId);
		invite("acme-admin", "acme-security", "Ursula Used", email, "MEMBER");
		String token = tokenMailedTo(email);
		accept(token).andExpect(status().isAccepted());

		accept(token).andExpect(status().isGone())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invitation-used"));

		this.keycloak.server().verify(1, postRequestedFor(urlPathEqualTo(KeycloakStub.USERS)));
	}

	@Test
	void givenExpiredInvitation_whenAccepting_thenGoneAsExpired() throws Exception {
		String email = unique("eve") + "@acme-security.example";
		String id = idOf(invite("acme-admin", "acme-security", "Eve Expired", email, "MEMBER"));
		this.mongo.updateFirst(new Query(where("_id").is(UUID.fromString(id))),
				new Update().set("expiresAt", Instant.now().minusSeconds(1)), Invitation.class);

		accept(tokenMailedTo(email)).andExpect(status().isGone())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invitation-expired"));
		this.mvc.perform(as("acme-admin", get("/api/identity/invitations/" + id)))
			.andExpect(jsonPath("$.state").value("EXPIRED"));
		this.keycloak.server().verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.USERS)));
	}

	@Test
	void givenRevokedInvitation_whenAccepting_thenGoneAsRevoked() throws Exception {
		String email = unique("rex") + "@acme-security.example";
		String id = idOf(invite("acme-admin", "acme-security", "Rex Revoked", email, "MEMBER"));
		this.mvc.perform(as("acme-admin", post("/api/identity/invitations/" + id + "/revocation")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("REVOKED"));

		accept(tokenMailedTo(email)).andExpect(status().isGone())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invitation-revoked"));
	}

	@Test
	void givenResentInvitation_whenUsingTheFirstLink_thenInvalidAndTheNewLinkIsAnother() throws Exception {
		String email = unique("ron") + "@acme-security.example";
		String id = idOf(invite("acme-admin", "acme-security", "Ron Resent", email, "MEMBER"));
		String first = tokenMailedTo(email);

		this.mvc.perform(as("acme-admin", post("/api/identity/invitations/" + id + "/resend")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timesSent").value(2))
			.andExpect(jsonPath("$.emailSent").value(true));

		String second = tokenMailedTo(email, 2);
		assertThat(second).isNotEqualTo(first);
		accept(first).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invitation-invalid"));
		assertThat(outboxTypes("invitations", UUID.fromString(id))).containsExactly("identity.invitation.issued",
				"identity.invitation.issued");
	}

	@Test
	void givenOrganisationWithDomains_whenInvitingOutsideThem_thenUnprocessableWithStableType() throws Exception {
		invite("acme-admin", "acme-security", "Mallory Outside", unique("m") + "@evilacme-security.example", "MEMBER")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:email-outside-domains"));
	}

	@Test
	void givenEmailOfAPerson_whenInviting_thenConflictEmailTaken() throws Exception {
		String email = unique("taken") + "@acme-security.example";
		this.mongo.insert(new Person(UUID.randomUUID(), "acme-security",
				io.parley.platform.security.OrganisationType.VENDOR, "Tak En", email,
				io.parley.identity.person.Role.MEMBER, Person.Status.ACTIVE, null, null, null, null, Instant.now(),
				Instant.now(), null, null, 1));

		invite("acme-admin", "acme-security", "Tak En", email, "MEMBER").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:email-taken"));
	}

	@Test
	void givenEmailKnownOnlyToKeycloak_whenInviting_thenConflictEmailTaken() throws Exception {
		String email = unique("console") + "@acme-security.example";
		this.keycloak.userWithEmail(email, UUID.randomUUID(), "{}");

		invite("acme-admin", "acme-security", "Con Sole", email, "MEMBER").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:email-taken"));
		this.keycloak.server()
			.verify(getRequestedFor(urlPathEqualTo(KeycloakStub.USERS)).withQueryParam("email", equalTo(email))
				.withQueryParam("exact", equalTo("true")));
	}

	@Test
	void givenOpenInvitation_whenInvitingTheSameEmailAgain_thenConflictAlreadyInvited() throws Exception {
		String email = unique("twice") + "@acme-security.example";
		invite("acme-admin", "acme-security", "Tw Ice", email, "MEMBER").andExpect(status().isCreated());

		invite("host-admin", "acme-security", "Tw Ice", email, "MEMBER").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:already-invited"));
	}

	@Test
	void givenInvalidInput_whenInviting_thenBadRequestNamingEveryField() throws Exception {
		this.mvc
			.perform(as("acme-admin", post("/api/identity/organisations/acme-security/invitations"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"<script>alert(1)</script>\",\"email\":\"not an email\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
					org.hamcrest.Matchers.containsString("name:"), org.hamcrest.Matchers.containsString("email:"),
					org.hamcrest.Matchers.containsString("role:"))));
		invite("acme-admin", "acme-security", "A".repeat(101), unique("long") + "@acme-security.example", "MEMBER")
			.andExpect(status().isBadRequest());
		invite("acme-admin", "acme-security", "Émile Zoë Ångström", "x@" + "a".repeat(250) + ".example", "MEMBER")
			.andExpect(status().isBadRequest());
		invite("acme-admin", "acme-security", "Bob", unique("bob") + "@acme-security.example", "PORTAL_ADMIN")
			.andExpect(status().isBadRequest());
	}

	@Test
	void givenHostInvitation_whenNamingASponsor_thenBadRequest() throws Exception {
		invite("host-admin", "host", "Hugo Host", unique("hugo") + "@host.example", "MEMBER",
				",\"sponsorId\":\"" + subjectOf("host-admin") + "\"")
			.andExpect(status().isBadRequest());
	}

	@Test
	void givenMalformedToken_whenAccepting_thenBadRequestWithoutTouchingAnything() throws Exception {
		accept("short").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
	}

	@Test
	void givenKeycloakDown_whenAccepting_thenServiceUnavailableAndTheLinkStillWorksLater() throws Exception {
		String email = unique("kim") + "@acme-security.example";
		String id = idOf(invite("acme-admin", "acme-security", "Kim Later", email, "MEMBER"));
		String token = tokenMailedTo(email);
		this.keycloak.isDown();

		accept(token).andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:keycloak-unavailable"));

		assertThat(this.mongo.findById(UUID.fromString(id), Invitation.class).status())
			.isEqualTo(Invitation.Status.PENDING);
		UUID userId = UUID.randomUUID();
		this.keycloak.reset().noUserWithAnyEmail().createsUser(userId).mapsRoles(userId).sendsActionsEmail(userId);
		accept(token).andExpect(status().isAccepted());
	}

	private ResultActions invite(String fixture, String organisation, String name, String email, String role)
			throws Exception {
		return invite(fixture, organisation, name, email, role, "");
	}

	private ResultActions invite(String fixture, String organisation, String name, String email, String role,
			String extra) throws Exception {
		return this.mvc.perform(as(fixture, post("/api/identity/organisations/" + organisation + "/invitations"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(java.util.Map.of("name", name, "email", email, "role", role))
				.replaceFirst("}$", extra + "}")));
	}

	private ResultActions accept(String token) throws Exception {
		return this.mvc.perform(post(InvitationController.ACCEPTANCE_PATH).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}"));
	}

	private static String idOf(ResultActions created) throws Exception {
		return created.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getHeader("Location")
			.replace("/api/identity/invitations/", "");
	}

	static String tokenMailedTo(String email) throws Exception {
		return tokenMailedTo(email, 1);
	}

	/** The token in the {@code nth} invitation mail to {@code email}. */
	static String tokenMailedTo(String email, int nth) throws Exception {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> TestInfrastructure.MAIL.getReceivedMessagesForDomain(email).length >= nth);
		MimeMessage[] messages = TestInfrastructure.MAIL.getReceivedMessagesForDomain(email);
		Matcher link = LINK.matcher((String) messages[nth - 1].getContent());
		assertThat(link.find()).as("invitation link in the mail").isTrue();
		return link.group(1);
	}

}
