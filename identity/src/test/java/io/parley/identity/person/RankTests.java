package io.parley.identity.person;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.parley.identity.IdentityApiTest;
import io.parley.identity.KeycloakStub;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 13: admins acted above their rank. Nobody acts on someone of higher rank (portal admin &gt; org admin &gt;
 * member), nobody on themselves; the rule itself is checked against a model in {@link AuthorityPropertyTests}.
 */
class RankTests extends IdentityApiTest {

	private final KeycloakStub keycloak = KeycloakStub.get();

	@BeforeEach
	void freshKeycloak() {
		this.keycloak.reset().disablesAndLogsOutAnyone();
	}

	@Test
	void givenHostOrgAdmin_whenOffboardingAPortalAdminOfTheirOrganisation_thenForbiddenAndKeycloakUntouched()
			throws Exception {
		UUID portalAdmin = hostPerson(Role.ORG_ADMIN);
		this.keycloak.hasRealmRoles(portalAdmin, "portal-admin", "org-admin", "member");

		this.mvc.perform(as("host-org-admin", post("/api/identity/people/" + portalAdmin + "/offboarding")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"))
			.andExpect(jsonPath("$.detail").value("This person ranks above you (portal-admin); ask a portal admin."));

		this.keycloak.server().verify(0, putRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + portalAdmin)));
		assertThat(this.mongo.findById(portalAdmin, Person.class).status()).isEqualTo(Person.Status.ACTIVE);
	}

	@Test
	void givenHostOrgAdmin_whenChangingTheRoleOfAPortalAdmin_thenForbidden() throws Exception {
		UUID portalAdmin = hostPerson(Role.ORG_ADMIN);
		this.keycloak.hasRealmRoles(portalAdmin, "portal-admin", "org-admin", "member");

		this.mvc
			.perform(as("host-org-admin", put("/api/identity/people/" + portalAdmin + "/role"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"role\":\"MEMBER\"}"))
			.andExpect(status().isForbidden());

		assertThat(this.mongo.findById(portalAdmin, Person.class).role()).isEqualTo(Role.ORG_ADMIN);
	}

	@Test
	void givenHostOrgAdmin_whenOffboardingAnotherOrgAdminOfTheirOrganisation_thenAllowed() throws Exception {
		UUID peer = hostPerson(Role.ORG_ADMIN);
		this.keycloak.hasRealmRoles(peer, "org-admin", "member");

		this.mvc.perform(as("host-org-admin", post("/api/identity/people/" + peer + "/offboarding")))
			.andExpect(status().isNoContent());
	}

	@Test
	void givenPortalAdmin_whenOffboardingAnotherPortalAdmin_thenAllowedWithoutAskingKeycloakForRanks()
			throws Exception {
		UUID otherPortalAdmin = hostPerson(Role.ORG_ADMIN);

		this.mvc.perform(as("host-admin", post("/api/identity/people/" + otherPortalAdmin + "/offboarding")))
			.andExpect(status().isNoContent());
	}

	@Test
	void givenSponsoredOrgAdmin_whenExtendingTheirOwnAccess_thenConflictAndTheEndStays() throws Exception {
		UUID self = subjectOf("acme-admin");
		Instant end = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		replace(self, "acme-security", OrganisationType.VENDOR, Role.ORG_ADMIN, subjectOf("host-admin"), end);
		try {
			this.mvc
				.perform(as("acme-admin", post("/api/identity/people/" + self + "/access-extension"))
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"accessEndsAt\":\"" + Instant.now().plus(Duration.ofDays(300)) + "\"}"))
				.andExpect(status().isConflict())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:self-extension"));

			assertThat(this.mongo.findById(self, Person.class).accessEndsAt()).isEqualTo(end);
			assertThat(outboxTypes("people", self)).isEmpty();
		}
		finally {
			this.mongo.remove(new Query(where("_id").is(self)), Person.class);
		}
	}

	@Test
	void givenMemberSponsoringAnOrgAdmin_whenExtendingTheirAccess_thenForbidden() throws Exception {
		UUID sponsor = subjectOf("sponsored-member");
		UUID admin = UUID.randomUUID();
		replace(admin, "acme-security", OrganisationType.VENDOR, Role.ORG_ADMIN, sponsor,
				Instant.now().plus(Duration.ofDays(5)));

		this.mvc
			.perform(as("sponsored-member", post("/api/identity/people/" + admin + "/access-extension"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"accessEndsAt\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}"))
			.andExpect(status().isForbidden());
	}

	private UUID hostPerson(Role role) {
		UUID id = UUID.randomUUID();
		replace(id, "host", OrganisationType.HOST, role, null, null);
		return id;
	}

	private void replace(UUID id, String organisation, OrganisationType type, Role role, @Nullable UUID sponsor,
			@Nullable Instant end) {
		this.mongo.remove(new Query(where("_id").is(id)), Person.class);
		this.mongo.insert(new Person(id, organisation, type, "Rank " + role, unique("rank") + "@" + organisation
				+ ".example", role, Person.Status.ACTIVE, sponsor, end, null, null, Instant.now(), Instant.now(), null,
				null, 1));
	}

}
