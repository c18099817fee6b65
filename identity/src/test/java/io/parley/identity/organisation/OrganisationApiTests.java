package io.parley.identity.organisation;

import java.util.List;

import io.parley.identity.IdentityApiTest;
import io.parley.platform.events.EventEnvelope;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class OrganisationApiTests extends IdentityApiTest {

	@Test
	void givenPortalAdmin_whenCreatingAndRenaming_thenOrganisationCreatedAndRenamedRecordedWithTheChange()
			throws Exception {
		String id = unique("northwind");
		create(id, "Northwind Traders", "VENDOR", "[\"northwind.example\", \"NORTHWIND.example\"]")
			.andExpect(status().isBadRequest());
		create(id, "Northwind Traders", "VENDOR", "[\"northwind.example\"]").andExpect(status().isCreated())
			.andExpect(jsonPath("$.domains[0]").value("northwind.example"))
			.andExpect(jsonPath("$.active").value(true));

		this.mvc
			.perform(as("host-admin", patch("/api/identity/organisations/" + id)).contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Northwind Security (EU)\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Northwind Security (EU)"));

		List<EventEnvelope> events = outbox("organisations", id);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("identity.organisation.created", "identity.organisation.renamed");
		assertThat(events).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L);
		assertThat(events.get(1).data().get("previousName").asString()).isEqualTo("Northwind Traders");
	}

	@Test
	void givenExistingId_whenCreating_thenConflict() throws Exception {
		create("acme-security", "Copy", "VENDOR", "[]").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:organisation-exists"));
	}

	@Test
	void givenInvalidInput_whenCreating_thenBadRequest() throws Exception {
		create("Bad Id", "Fine", "VENDOR", "[]").andExpect(status().isBadRequest());
		create(unique("ok"), "<b>bold</b>", "VENDOR", "[]").andExpect(status().isBadRequest());
		create(unique("ok"), "Fine", "PIRATE", "[]").andExpect(status().isBadRequest());
		create(unique("ok"), "Fine", "VENDOR", "[\"not a domain\"]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
	}

	@Test
	void givenDeactivatedOrganisation_whenOthersLook_thenItIsGoneForThemAndNobodyCanBeInvited() throws Exception {
		String id = unique("gone");
		create(id, "Gone Ltd", "VENDOR", "[]").andExpect(status().isCreated());
		this.mvc.perform(as("host-admin", post("/api/identity/organisations/" + id + "/deactivation")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.active").value(false));

		this.mvc.perform(as("partner-engineer", get("/api/identity/organisations/" + id)))
			.andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/identity/organisations")))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(id))));
		this.mvc
			.perform(as("host-admin", post("/api/identity/organisations/" + id + "/invitations"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Late Invitee\",\"email\":\"late@gone.example\",\"role\":\"MEMBER\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:organisation-inactive"));
	}

	@Test
	void givenMemberOfAnotherOrganisation_whenReadingOne_thenOnlyIdNameAndType() throws Exception {
		this.mvc.perform(as("gov-liaison", get("/api/identity/organisations/acme-security")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("ACME Security"))
			.andExpect(jsonPath("$.domains").doesNotExist());
		this.mvc.perform(as("partner-engineer", get("/api/identity/organisations/acme-security")))
			.andExpect(jsonPath("$.domains[0]").value("acme-security.example"));
	}

	private org.springframework.test.web.servlet.ResultActions create(String id, String name, String type,
			String domains) throws Exception {
		return this.mvc.perform(as("host-admin", post("/api/identity/organisations"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"domains\":"
					+ domains + "}"));
	}

}
