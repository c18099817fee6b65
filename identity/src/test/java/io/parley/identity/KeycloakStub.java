package io.parley.identity;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock standing in for Keycloak's token endpoint and admin REST API, with the answers Keycloak 26 gives.
 * Tests stub what their case needs and verify the exact calls identity made.
 */
public final class KeycloakStub {

	public static final String USERS = "/admin/realms/parley/users";

	public static final String CLIENTS = "/admin/realms/parley/clients";

	/** The secret Keycloak makes when asked for a new one. */
	public static final String REGENERATED_SECRET = "keycloak-regenerated-secret-9f3a";

	private static final KeycloakStub INSTANCE = new KeycloakStub();

	private final WireMockServer server;

	private KeycloakStub() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.server::stop));
	}

	public static KeycloakStub get() {
		return INSTANCE;
	}

	public WireMockServer server() {
		return this.server;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Forgets earlier stubs and requests; answers the service account's token request and nothing else yet. */
	public KeycloakStub reset() {
		this.server.resetAll();
		this.server.stubFor(post("/realms/parley/protocol/openid-connect/token")
			.willReturn(okJson("{\"access_token\":\"service-account-token\",\"expires_in\":300,"
					+ "\"token_type\":\"Bearer\"}")));
		return this;
	}

	/** The user's realm role mappings, as {@code GET .../role-mappings/realm} lists them. */
	public KeycloakStub hasRealmRoles(UUID id, String... roles) {
		StringBuilder json = new StringBuilder("[");
		for (String role : roles) {
			json.append((json.length() > 1) ? "," : "").append("{\"id\":\"").append(UUID.randomUUID())
				.append("\",\"name\":\"").append(role).append("\"}");
		}
		this.server.stubFor(WireMock.get(urlPathEqualTo(USERS + "/" + id + "/role-mappings/realm"))
			.willReturn(okJson(json.append("]").toString())));
		return this;
	}

	public KeycloakStub noUserWithAnyEmail() {
		this.server.stubFor(WireMock.get(urlPathEqualTo(USERS)).willReturn(okJson("[]")));
		return this;
	}

	public KeycloakStub userWithEmail(String email, UUID id, String attributesJson) {
		this.server.stubFor(WireMock.get(urlPathEqualTo(USERS)).willReturn(okJson("[{\"id\":\"" + id + "\",\"username\":\""
				+ email + "\",\"email\":\"" + email + "\",\"enabled\":true,\"attributes\":" + attributesJson + "}]")));
		return this;
	}

	public KeycloakStub createsUser(UUID id) {
		this.server.stubFor(post(urlPathEqualTo(USERS))
			.willReturn(aResponse().withStatus(201).withHeader("Location", baseUrl() + USERS + "/" + id)));
		return this;
	}

	public KeycloakStub refusesToCreate(int status) {
		this.server.stubFor(post(urlPathEqualTo(USERS)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"errorMessage\":\"User exists with same email\"}")));
		return this;
	}

	/** A user with no realm roles yet, for whom {@code member} and {@code org-admin} are mappable. */
	public KeycloakStub mapsRoles(UUID id) {
		String mappings = USERS + "/" + id + "/role-mappings/realm";
		this.server.stubFor(WireMock.get(urlPathEqualTo(mappings)).willReturn(okJson("[]")));
		this.server.stubFor(WireMock.get(urlPathEqualTo(mappings + "/available"))
			.willReturn(okJson("[{\"id\":\"role-member-id\",\"name\":\"member\"},"
					+ "{\"id\":\"role-org-admin-id\",\"name\":\"org-admin\"},"
					+ "{\"id\":\"role-auditor-id\",\"name\":\"auditor\"},"
					+ "{\"id\":\"role-machine-id\",\"name\":\"machine\"}]")));
		this.server.stubFor(post(urlPathEqualTo(mappings)).willReturn(aResponse().withStatus(204)));
		this.server.stubFor(delete(urlPathEqualTo(mappings)).willReturn(aResponse().withStatus(204)));
		return this;
	}

	public KeycloakStub sendsActionsEmail(UUID id) {
		this.server.stubFor(put(urlPathEqualTo(USERS + "/" + id + "/execute-actions-email"))
			.willReturn(aResponse().withStatus(204)));
		return this;
	}

	/** Any user can be read, written back and logged out. */
	public KeycloakStub disablesAndLogsOutAnyone() {
		this.server.stubFor(WireMock.get(urlPathMatching(USERS + "/[0-9a-f-]{36}"))
			.willReturn(okJson("{\"id\":\"ignored\",\"username\":\"someone@example.org\",\"enabled\":true,"
					+ "\"attributes\":{\"org\":[\"acme-security\"],\"org_type\":[\"VENDOR\"]}}")));
		this.server.stubFor(put(urlPathMatching(USERS + "/[0-9a-f-]{36}")).willReturn(aResponse().withStatus(204)));
		this.server.stubFor(post(urlPathMatching(USERS + "/[0-9a-f-]{36}/logout"))
			.willReturn(aResponse().withStatus(204)));
		return this;
	}

	/**
	 * Creating a client answers {@code keycloakId}, whose service-account user is {@code serviceAccount} (with no
	 * realm roles yet); any client's secret can be regenerated and any client deleted.
	 */
	public KeycloakStub managesClients(UUID keycloakId, UUID serviceAccount) {
		this.server.stubFor(post(urlPathEqualTo(CLIENTS))
			.willReturn(aResponse().withStatus(201).withHeader("Location", baseUrl() + CLIENTS + "/" + keycloakId)));
		this.server.stubFor(WireMock.get(urlPathEqualTo(CLIENTS + "/" + keycloakId + "/service-account-user"))
			.willReturn(okJson("{\"id\":\"" + serviceAccount + "\",\"username\":\"service-account-api\","
					+ "\"enabled\":true}")));
		mapsRoles(serviceAccount);
		this.server.stubFor(post(urlPathMatching(CLIENTS + "/[0-9a-f-]{36}/client-secret"))
			.willReturn(okJson("{\"type\":\"secret\",\"value\":\"" + REGENERATED_SECRET + "\"}")));
		this.server.stubFor(delete(urlPathMatching(CLIENTS + "/[0-9a-f-]{36}")).willReturn(aResponse().withStatus(204)));
		return this;
	}

	public KeycloakStub isDown() {
		this.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/admin/.*"))
			.willReturn(aResponse().withStatus(503)));
		return this;
	}

}
