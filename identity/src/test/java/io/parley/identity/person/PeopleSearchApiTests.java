package io.parley.identity.person;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import io.parley.identity.IdentityApiTest;
import io.parley.platform.security.OrganisationType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The people picker's search (ADR 0045): by name across the organisations the caller may see, by e-mail address only
 * where the directory shows addresses, never more of a person than their organisation's directory shows the caller.
 */
class PeopleSearchApiTests extends IdentityApiTest {

	private static final Random RANDOM = new Random();

	@Test
	void givenPartOfAName_whenSomeoneOfAnotherOrganisationSearches_thenNameIdAndOrganisationButNoEmail()
			throws Exception {
		String surname = surname();
		UUID liaison = person("gov-cert", OrganisationType.GOVERNMENT, "Liesel " + surname, Person.Status.ACTIVE);

		search("partner-engineer", surname.substring(1, 5).toLowerCase()).andExpect(status().isOk())
			.andExpect(jsonPath("$.people.length()").value(1))
			.andExpect(jsonPath("$.people[0].id").value(liaison.toString()))
			.andExpect(jsonPath("$.people[0].name").value("Liesel " + surname))
			.andExpect(jsonPath("$.people[0].organisationId").value("gov-cert"))
			.andExpect(jsonPath("$.people[0].organisationName").value("Government CERT"))
			.andExpect(jsonPath("$.people[0].email").doesNotExist())
			.andExpect(jsonPath("$.more").value(false));
	}

	@Test
	void givenColleagueOrAdmin_whenSearching_thenTheEmailShowsAndFindsThemToo() throws Exception {
		String surname = surname();
		person("gov-cert", OrganisationType.GOVERNMENT, "Gabi " + surname, Person.Status.ACTIVE);
		String email = emailOf("Gabi " + surname, "gov-cert");

		search("gov-admin", surname).andExpect(jsonPath("$.people[0].email").value(email));
		search("host-admin", email).andExpect(jsonPath("$.people.length()").value(1))
			.andExpect(jsonPath("$.people[0].email").value(email));
	}

	@Test
	void givenAnotherOrganisationsEmailAddress_whenSearching_thenNotFound() throws Exception {
		String surname = surname();
		person("gov-cert", OrganisationType.GOVERNMENT, "Erin " + surname, Person.Status.ACTIVE);
		String email = emailOf("Erin " + surname, "gov-cert");

		// the directory does not show this address to a partner, so the search must not say whose it is
		search("partner-engineer", email).andExpect(status().isOk())
			.andExpect(jsonPath("$.people.length()").value(0))
			.andExpect(jsonPath("$.more").value(false));
		search("acme-admin", email).andExpect(jsonPath("$.people.length()").value(0));
		search("gov-admin", email).andExpect(jsonPath("$.people.length()").value(1));
	}

	@Test
	void givenPeopleNotActive_whenAnyoneSearches_thenNotFound() throws Exception {
		String surname = surname();
		person("gov-cert", OrganisationType.GOVERNMENT, "Jo " + surname, Person.Status.JOINING);
		person("gov-cert", OrganisationType.GOVERNMENT, "Otto " + surname, Person.Status.OFFBOARDED);

		for (String caller : new String[] { "partner-engineer", "gov-admin", "host-admin" }) {
			search(caller, surname).andExpect(status().isOk()).andExpect(jsonPath("$.people.length()").value(0));
		}
	}

	@Test
	void givenDeactivatedOrganisation_whenOthersSearch_thenItsPeopleAreNotFoundButPortalAdminsFindThem()
			throws Exception {
		String organisation = unique("gone");
		this.mvc
			.perform(as("host-admin", post("/api/identity/organisations")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"id\":\"" + organisation + "\",\"name\":\"Gone Ltd\",\"type\":\"VENDOR\"}"))
			.andExpect(status().isCreated());
		String surname = surname();
		person(organisation, OrganisationType.VENDOR, "Vera " + surname, Person.Status.ACTIVE);
		search("partner-engineer", surname).andExpect(jsonPath("$.people.length()").value(1));

		this.mvc.perform(as("host-admin", post("/api/identity/organisations/" + organisation + "/deactivation")))
			.andExpect(status().isOk());

		search("partner-engineer", surname).andExpect(jsonPath("$.people.length()").value(0));
		search("host-admin", surname).andExpect(jsonPath("$.people.length()").value(1));
	}

	@Test
	void givenManyMatches_whenSearching_thenAtMostTheCapSortedByNameAndMoreSaysSo() throws Exception {
		String surname = surname();
		for (char first = 'A'; first < 'A' + 12; first++) {
			person("acme-security", OrganisationType.VENDOR, first + "nne " + surname, Person.Status.ACTIVE);
		}

		search("gov-admin", surname).andExpect(jsonPath("$.people.length()").value(10))
			.andExpect(jsonPath("$.people[0].name").value("Anne " + surname))
			.andExpect(jsonPath("$.people[9].name").value("Jnne " + surname))
			.andExpect(jsonPath("$.more").value(true));
	}

	@Test
	void givenTooShortOrTooLongQuery_whenSearching_thenRefusedInWords() throws Exception {
		search("partner-engineer", " a ").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("type at least 2 characters")));
		this.mvc.perform(as("partner-engineer", get("/api/identity/people")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("type at least 2 characters")));
		search("partner-engineer", "x".repeat(101)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("at most 100 characters")));
	}

	@Test
	void givenPatternCharacters_whenSearching_thenTakenLiterally() throws Exception {
		person("acme-security", OrganisationType.VENDOR, "Dot " + surname(), Person.Status.ACTIVE);

		search("host-admin", ".*").andExpect(status().isOk()).andExpect(jsonPath("$.people.length()").value(0));
		search("host-admin", "[a-z]+").andExpect(status().isOk()).andExpect(jsonPath("$.people.length()").value(0));
	}

	/**
	 * Whatever anyone finds, their organisation's directory shows the same caller at least as much: the name, and the
	 * e-mail address only if the directory shows it.
	 */
	@Test
	void givenAnyCaller_whenSearching_thenNeverMoreThanTheDirectoryShowsThem() throws Exception {
		String surname = surname();
		person("acme-security", OrganisationType.VENDOR, "Ada " + surname, Person.Status.ACTIVE);
		person("gov-cert", OrganisationType.GOVERNMENT, "Gus " + surname, Person.Status.ACTIVE);
		person("host", OrganisationType.HOST, "Hal " + surname, Person.Status.ACTIVE);
		person("gov-cert", OrganisationType.GOVERNMENT, "Jim " + surname, Person.Status.JOINING);

		for (String caller : new String[] { "host-admin", "acme-admin", "gov-admin", "partner-engineer" }) {
			JsonNode found = JSON.readTree(search(caller, surname).andReturn().getResponse().getContentAsString());
			assertThat(found.get("people")).as("what %s finds", caller).hasSize(3);
			for (JsonNode match : found.get("people")) {
				JsonNode directory = JSON.readTree(this.mvc
					.perform(as(caller, get("/api/identity/organisations/" + match.get("organisationId").asString()
							+ "/people")))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString());
				JsonNode entry = null;
				for (JsonNode listed : directory) {
					if (listed.get("name").asString().equals(match.get("name").asString())) {
						entry = listed;
					}
				}
				assertThat(entry).as("%s in the directory %s reads", match.get("name"), caller).isNotNull();
				assertThat(match.has("email")).as("e-mail of %s to %s", match.get("name"), caller)
					.isEqualTo(entry.has("email"));
			}
		}
	}

	private ResultActions search(String caller, String query) throws Exception {
		return this.mvc.perform(as(caller, get("/api/identity/people").param("query", query)));
	}

	private UUID person(String organisation, OrganisationType type, String name, Person.Status status) {
		UUID id = UUID.randomUUID();
		this.mongo.insert(new Person(id, organisation, type, name, emailOf(name, organisation),
				Role.MEMBER, status, null, null, null, null, Instant.now(), Instant.now(),
				status == Person.Status.OFFBOARDED ? Instant.now() : null, null, 1));
		return id;
	}

	private static String emailOf(String name, String organisation) {
		return name.replace(' ', '.').toLowerCase() + "@" + organisation + ".example";
	}

	/** A surname no other test's person has: letters only, as identity's names are. */
	private static String surname() {
		StringBuilder letters = new StringBuilder("Q");
		for (int i = 0; i < 9; i++) {
			letters.append((char) ('a' + RANDOM.nextInt(26)));
		}
		return letters.toString();
	}

}
