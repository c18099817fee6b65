package io.parley.identity.machineclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.parley.identity.TestInfrastructure;
import io.parley.platform.test.FakeKeycloak;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The client-credentials round trip against a real Keycloak with the development realm
 * ({@code keycloak/parley-realm.json}): what identity creates through the admin API really yields tokens that
 * carry the organisation, role {@code machine} (and no person role) and the services' audience, and re-keying and
 * revoking really end the old secret. The other tests stand WireMock in for Keycloak and cannot prove this.
 * <p>
 * Runs only when {@code -Dparley.test.keycloak-url=http://127.0.0.1:8180} names a running Keycloak (devstack's, or
 * {@code kc.sh start-dev --import-realm} with that realm): CI starts none for identity.
 */
@EnabledIfSystemProperty(named = "parley.test.keycloak-url", matches = ".+")
@SpringBootTest(properties = "parley.events.relay.enabled=false")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = { TestInfrastructure.class, MachineClientKeycloakTests.RealKeycloak.class })
class MachineClientKeycloakTests {

	private static final String ACME = "/api/identity/organisations/acme-security/clients";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@Test
	void givenClientMadeByIdentity_whenItUsesClientCredentials_thenTokensCarryItsOrganisationAndTheSecretsEndWhenTheyShould()
			throws Exception {
		JsonNode created = JSON.readTree(this.mvc
			.perform(post(ACME).header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token("acme-admin"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"release pipeline\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString());
		String clientId = created.get("clientId").asString();
		String secret = created.get("secret").asString();

		HttpResponse<String> answer = token(clientId, secret, "client_credentials");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode claims = payload(JSON.readTree(answer.body()).get("access_token").asString());
		assertThat(claims.get("iss").asString()).isEqualTo(keycloakUrl() + "/realms/parley");
		assertThat(claims.get("azp").asString()).isEqualTo(clientId);
		assertThat(claims.get("org").asString()).isEqualTo("acme-security");
		assertThat(claims.get("org_type").asString()).isEqualTo("VENDOR");
		assertThat(strings(claims.get("aud"))).contains("parley-api");
		assertThat(strings(claims.get("realm_access").get("roles"))).contains("machine")
			.doesNotContain("member", "org-admin", "portal-admin", "auditor");
		Document stored = this.mongo.findById(clientId, Document.class, "machine_clients");
		assertThat(claims.get("sub").asString()).isEqualTo(stored.get("serviceAccountId").toString());
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
		System.out.println("client-credentials access token of " + clientId + ": " + claims);

		// the client has no other grant: no passwords, no refresh tokens
		assertThat(token(clientId, secret, "password").statusCode()).isIn(400, 401);
		assertThat(JSON.readTree(answer.body()).has("refresh_token")).isFalse();

		String rotated = JSON.readTree(this.mvc
			.perform(post(ACME + "/" + clientId + "/rotate").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("acme-admin")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("secret").asString();
		assertThat(token(clientId, secret, "client_credentials").statusCode()).isEqualTo(401);
		assertThat(token(clientId, rotated, "client_credentials").statusCode()).isEqualTo(200);

		this.mvc
			.perform(delete(ACME + "/" + clientId).header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("acme-admin")))
			.andExpect(status().isNoContent());
		assertThat(token(clientId, rotated, "client_credentials").statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> token(String clientId, String secret, String grant) throws Exception {
		String form = "grant_type=" + grant + ("password".equals(grant) ? "&username=x&password=y" : "");
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(keycloakUrl() + "/realms/parley/protocol/openid-connect/token"))
			.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
				.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode payload(String jwt) {
		return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	private static List<String> strings(JsonNode node) {
		List<String> values = new ArrayList<>();
		if (node.isArray()) {
			node.forEach((value) -> values.add(value.asString()));
		}
		else {
			values.add(node.asString());
		}
		return values;
	}

	private static String keycloakUrl() {
		return System.getProperty("parley.test.keycloak-url").replaceAll("/$", "");
	}

	/** After {@link TestInfrastructure}: the admin API is the real Keycloak's, not WireMock's. */
	static class RealKeycloak implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			// a Keycloak just started answers its first requests slowly on a busy machine
			TestPropertyValues
				.of("parley.identity.keycloak.base-url=" + keycloakUrl(), "parley.identity.keycloak.timeout=60s")
				.applyTo(context);
		}

	}

}
