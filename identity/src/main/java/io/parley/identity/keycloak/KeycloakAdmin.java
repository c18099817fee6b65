package io.parley.identity.keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The few admin REST calls identity needs, over Spring's {@link RestClient} with a client-credentials token of
 * the service account (why not {@code keycloak-admin-client}: ADR 0006). Every method either did what it says
 * or throws {@link KeycloakUnavailableException}; a conflict on create is reported as
 * {@link KeycloakConflictException}.
 */
@Component
public class KeycloakAdmin {

	private static final Logger log = LoggerFactory.getLogger(KeycloakAdmin.class);

	/** Renew the service account's token this long before Keycloak says it expires. */
	private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

	private final RestClient http;

	private final KeycloakProperties properties;

	private final Clock clock;

	private @Nullable CachedToken token;

	KeycloakAdmin(RestClient.Builder builder, KeycloakProperties properties, Clock clock) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(properties.timeout());
		this.http = builder.clone().baseUrl(properties.baseUrl().toString()).requestFactory(requests).build();
		this.properties = properties;
		this.clock = clock;
	}

	/** Creates an enabled user; returns Keycloak's id for them (the {@code sub} of their future tokens). */
	public UUID createUser(NewKeycloakUser user) {
		Map<String, List<String>> attributes = new LinkedHashMap<>();
		attributes.put("org", List.of(user.organisation()));
		attributes.put("org_type", List.of(user.organisationType()));
		user.attributes().forEach((name, value) -> attributes.put(name, List.of(value)));
		Map<String, Object> representation = new LinkedHashMap<>();
		representation.put("username", user.email());
		representation.put("email", user.email());
		// the invitee proved they read this mailbox by following the invitation link
		representation.put("emailVerified", true);
		representation.put("firstName", user.firstName());
		representation.put("lastName", user.lastName());
		representation.put("enabled", true);
		representation.put("attributes", attributes);
		representation.put("requiredActions", user.requiredActions());
		return create("user", "/admin/realms/{realm}/users", representation);
	}

	/**
	 * Creates an organisation's API client: confidential, with the client-credentials grant and nothing else (no
	 * browser login, no implicit flow, no passwords), its claims fixed by hard-coded mappers so that no attribute
	 * of its service-account user can change them. Returns Keycloak's internal id of the client (not the
	 * {@code clientId}). The secret travels in this one request and is kept nowhere by identity.
	 */
	public UUID createClient(NewKeycloakClient client) {
		List<Map<String, Object>> mappers = new ArrayList<>();
		client.claims()
			.forEach((claim, value) -> mappers.add(mapper(claim, "oidc-hardcoded-claim-mapper",
					Map.of("claim.name", claim, "claim.value", value, "jsonType.label", "String",
							"access.token.claim", "true", "introspection.token.claim", "true", "id.token.claim",
							"false", "userinfo.token.claim", "false"))));
		mappers.add(mapper(client.audience() + " audience", "oidc-audience-mapper",
				Map.of("included.custom.audience", client.audience(), "access.token.claim", "true",
						"introspection.token.claim", "true", "id.token.claim", "false")));
		Map<String, Object> representation = new LinkedHashMap<>();
		representation.put("clientId", client.clientId());
		representation.put("name", client.name());
		representation.put("description", client.description());
		representation.put("enabled", true);
		representation.put("protocol", "openid-connect");
		representation.put("publicClient", false);
		representation.put("bearerOnly", false);
		representation.put("clientAuthenticatorType", "client-secret");
		representation.put("secret", client.secret());
		representation.put("serviceAccountsEnabled", true);
		representation.put("standardFlowEnabled", false);
		representation.put("implicitFlowEnabled", false);
		representation.put("directAccessGrantsEnabled", false);
		representation.put("consentRequired", false);
		representation.put("frontchannelLogout", false);
		// the token carries the service account's realm roles (default roles and `machine`), nothing is scoped away
		representation.put("fullScopeAllowed", true);
		representation.put("redirectUris", List.of());
		representation.put("webOrigins", List.of());
		representation.put("attributes", Map.of("access.token.lifespan",
				String.valueOf(client.tokenLifespan().toSeconds()), "client_credentials.use_refresh_token", "false",
				"oauth2.device.authorization.grant.enabled", "false", "oidc.ciba.grant.enabled", "false"));
		representation.put("protocolMappers", mappers);
		// `basic` gives `sub`, `roles` the realm roles; no profile or e-mail scope: a pipeline has neither
		representation.put("defaultClientScopes", List.of("basic", "roles"));
		representation.put("optionalClientScopes", List.of());
		return create("client", "/admin/realms/{realm}/clients", representation);
	}

	private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
		return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", config);
	}

	/** The user Keycloak made for the client's service account: the {@code sub} of the client's tokens. */
	public UUID serviceAccountUser(UUID client) {
		JsonNode user = call("read service account", () -> this.http.get()
			.uri("/admin/realms/{realm}/clients/{id}/service-account-user", realm(), client)
			.headers(this::authorize)
			.retrieve()
			.body(JsonNode.class));
		if (user == null || !user.hasNonNull("id")) {
			throw new KeycloakUnavailableException("Keycloak answered without the service account's user");
		}
		return UUID.fromString(user.get("id").asString());
	}

	/**
	 * Keycloak generates a new secret for the client; the previous one is refused from now on. Empty when Keycloak
	 * has no such client (deleted meanwhile).
	 */
	public Optional<String> regenerateSecret(UUID client) {
		JsonNode credential;
		try {
			credential = call("regenerate client secret", () -> this.http.post()
				.uri("/admin/realms/{realm}/clients/{id}/client-secret", realm(), client)
				.headers(this::authorize)
				.retrieve()
				.body(JsonNode.class));
		}
		catch (KeycloakNotFoundException ex) {
			return Optional.empty();
		}
		if (credential == null || !credential.hasNonNull("value")) {
			throw new KeycloakUnavailableException("Keycloak answered the new client secret without a value");
		}
		return Optional.of(credential.get("value").asString());
	}

	/**
	 * Deletes the client and with it its service-account user: no new token can be had. Tokens already issued stay
	 * valid until they expire. False when Keycloak had no such client (deleted already).
	 */
	public boolean deleteClient(UUID client) {
		try {
			call("delete client", () -> this.http.delete()
				.uri("/admin/realms/{realm}/clients/{id}", realm(), client)
				.headers(this::authorize)
				.retrieve()
				.toBodilessEntity());
			return true;
		}
		catch (KeycloakNotFoundException ex) {
			return false;
		}
	}

	/** POSTs a representation; returns the id at the end of the {@code Location} Keycloak answers with. */
	private UUID create(String what, String path, Map<String, Object> representation) {
		ResponseEntity<Void> response = call("create " + what, () -> this.http.post()
			.uri(path, realm())
			.headers(this::authorize)
			.contentType(MediaType.APPLICATION_JSON)
			.body(representation)
			.retrieve()
			.toBodilessEntity());
		URI location = response.getHeaders().getLocation();
		if (location == null) {
			throw new KeycloakUnavailableException("Keycloak created a " + what + " but did not say where");
		}
		String created = location.getPath();
		return UUID.fromString(created.substring(created.lastIndexOf('/') + 1));
	}

	/** The user with exactly this e-mail, with their attributes, if Keycloak has one. */
	public Optional<KeycloakUser> findByEmail(String email) {
		JsonNode users = call("find user", () -> this.http.get()
			.uri("/admin/realms/{realm}/users?email={email}&exact=true&briefRepresentation=false", realm(), email)
			.headers(this::authorize)
			.retrieve()
			.body(JsonNode.class));
		if (users == null) {
			return Optional.empty();
		}
		for (JsonNode user : users) {
			if (email.equalsIgnoreCase(user.path("email").asString(""))) {
				Map<String, String> attributes = new LinkedHashMap<>();
				user.path("attributes").properties().forEach((entry) -> {
					if (entry.getValue().isArray() && !entry.getValue().isEmpty()) {
						attributes.put(entry.getKey(), entry.getValue().get(0).asString());
					}
				});
				return Optional.of(new KeycloakUser(UUID.fromString(user.get("id").asString()),
						user.path("enabled").asBoolean(false), attributes));
			}
		}
		return Optional.empty();
	}

	/** The user's realm role names (empty if Keycloak has no such user). */
	public Set<String> realmRoles(UUID userId) {
		Set<String> names = new java.util.TreeSet<>();
		try {
			for (JsonNode role : roleMappings(userId)) {
				names.add(role.path("name").asString(""));
			}
		}
		catch (KeycloakNotFoundException ex) {
			// no such user: no roles
		}
		return names;
	}

	private Iterable<JsonNode> roleMappings(UUID userId) {
		JsonNode mappings = call("read role mappings", () -> this.http.get()
			.uri("/admin/realms/{realm}/users/{id}/role-mappings/realm", realm(), userId)
			.headers(this::authorize)
			.retrieve()
			.body(JsonNode.class));
		return (mappings != null) ? mappings : List.<JsonNode>of();
	}

	/**
	 * Makes the user's realm roles among {@code managed} exactly {@code wanted}: roles outside {@code managed}
	 * (e.g. {@code portal-admin}, given by hand) are never touched.
	 */
	public void setRealmRoles(UUID userId, Set<String> managed, Set<String> wanted) {
		List<Map<String, String>> remove = new ArrayList<>();
		List<String> have = new ArrayList<>();
		for (JsonNode role : roleMappings(userId)) {
			String name = role.path("name").asString("");
			have.add(name);
			if (managed.contains(name) && !wanted.contains(name)) {
				remove.add(Map.of("id", role.get("id").asString(), "name", name));
			}
		}
		List<String> missing = wanted.stream().filter((name) -> !have.contains(name)).sorted().toList();
		if (!missing.isEmpty()) {
			// "available" lists what this service account may map, with ids, without needing view-realm
			JsonNode available = call("read available roles", () -> this.http.get()
				.uri("/admin/realms/{realm}/users/{id}/role-mappings/realm/available", realm(), userId)
				.headers(this::authorize)
				.retrieve()
				.body(JsonNode.class));
			List<Map<String, String>> add = new ArrayList<>();
			for (JsonNode role : (available != null) ? available : List.<JsonNode>of()) {
				String name = role.path("name").asString("");
				if (missing.contains(name)) {
					add.add(Map.of("id", role.get("id").asString(), "name", name));
				}
			}
			if (add.size() != missing.size()) {
				throw new KeycloakUnavailableException("Keycloak does not offer the realm roles " + missing);
			}
			call("add roles", () -> this.http.post()
				.uri("/admin/realms/{realm}/users/{id}/role-mappings/realm", realm(), userId)
				.headers(this::authorize)
				.contentType(MediaType.APPLICATION_JSON)
				.body(add)
				.retrieve()
				.toBodilessEntity());
		}
		if (!remove.isEmpty()) {
			call("remove roles", () -> this.http.method(HttpMethod.DELETE)
				.uri("/admin/realms/{realm}/users/{id}/role-mappings/realm", realm(), userId)
				.headers(this::authorize)
				.contentType(MediaType.APPLICATION_JSON)
				.body(remove)
				.retrieve()
				.toBodilessEntity());
		}
	}

	/**
	 * Keycloak mails the person a link to its own pages where they perform the required actions (set a password,
	 * enrol TOTP); afterwards it sends them to the portal.
	 */
	public void sendRequiredActionsEmail(UUID userId, List<String> actions) {
		call("send required actions e-mail", () -> this.http.put()
			.uri("/admin/realms/{realm}/users/{id}/execute-actions-email?lifespan={lifespan}&client_id={client}"
					+ "&redirect_uri={redirect}", realm(), userId, this.properties.actionsLifespan().toSeconds(),
					this.properties.actionsClientId(), this.properties.actionsRedirectUri())
			.headers(this::authorize)
			.contentType(MediaType.APPLICATION_JSON)
			.body(actions)
			.retrieve()
			.toBodilessEntity());
	}

	/**
	 * Disables the user. The whole representation is read and written back: a partial one risks resetting what it
	 * leaves out (attributes) on some Keycloak versions. Returns false when Keycloak has no such user any more.
	 */
	public boolean disable(UUID userId) {
		ObjectNode user;
		try {
			user = call("read user", () -> this.http.get()
				.uri("/admin/realms/{realm}/users/{id}", realm(), userId)
				.headers(this::authorize)
				.retrieve()
				.body(ObjectNode.class));
		}
		catch (KeycloakNotFoundException ex) {
			return false;
		}
		if (user == null) {
			return false;
		}
		user.put("enabled", false);
		ObjectNode disabled = user;
		call("disable user", () -> this.http.put()
			.uri("/admin/realms/{realm}/users/{id}", realm(), userId)
			.headers(this::authorize)
			.contentType(MediaType.APPLICATION_JSON)
			.body(disabled)
			.retrieve()
			.toBodilessEntity());
		return true;
	}

	/**
	 * Ends every session of the user; Keycloak then sends the back-channel logout to the gateway, which drops the
	 * browser's session.
	 */
	public void logout(UUID userId) {
		try {
			call("log out user", () -> this.http.post()
				.uri("/admin/realms/{realm}/users/{id}/logout", realm(), userId)
				.headers(this::authorize)
				.retrieve()
				.toBodilessEntity());
		}
		catch (KeycloakNotFoundException ex) {
			log.info("Keycloak has no user {} to log out", userId);
		}
	}

	private String realm() {
		return this.properties.realm();
	}

	private <T> T call(String what, java.util.function.Supplier<T> request) {
		try {
			return request.get();
		}
		catch (HttpClientErrorException.Conflict ex) {
			throw new KeycloakConflictException(what + ": " + ex.getStatusText());
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new KeycloakNotFoundException(what);
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			// a token Keycloak no longer accepts (restart, key rotation): fetch a new one next time
			this.token = null;
			throw new KeycloakUnavailableException(what + " refused: " + ex.getStatusCode(), ex);
		}
		catch (RestClientResponseException ex) {
			// Keycloak's error bodies name fields, never secrets; they help whoever reads the log
			log.warn("Keycloak {} failed: {} {}", what, ex.getStatusCode(), ex.getResponseBodyAsString());
			throw new KeycloakUnavailableException(what + " failed: " + ex.getStatusCode(), ex);
		}
		catch (RestClientException ex) {
			throw new KeycloakUnavailableException(what + " failed: " + ex.getMessage(), ex);
		}
	}

	private void authorize(HttpHeaders headers) {
		headers.setBearerAuth(accessToken());
	}

	private synchronized String accessToken() {
		Instant now = this.clock.instant();
		CachedToken cached = this.token;
		if (cached != null && now.isBefore(cached.expiresAt())) {
			return cached.value();
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		JsonNode answer;
		try {
			answer = this.http.post()
				.uri("/realms/{realm}/protocol/openid-connect/token", realm())
				.headers((headers) -> headers.setBasicAuth(this.properties.clientId(), this.properties.clientSecret()))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(JsonNode.class);
		}
		catch (RestClientException ex) {
			throw new KeycloakUnavailableException("service account token: " + ex.getMessage(), ex);
		}
		if (answer == null || !answer.hasNonNull("access_token")) {
			throw new KeycloakUnavailableException("Keycloak answered the token request without a token");
		}
		long lifetime = answer.path("expires_in").asLong(60);
		Instant expiresAt = now.plusSeconds(lifetime).minus(TOKEN_MARGIN);
		this.token = new CachedToken(answer.get("access_token").asString(), expiresAt);
		return this.token.value();
	}

	/** A Keycloak user as identity needs to see it. */
	public record KeycloakUser(UUID id, boolean enabled, Map<String, String> attributes) {
	}

	private record CachedToken(String value, Instant expiresAt) {
	}

	/** Keycloak already has a user with this username or e-mail. */
	public static class KeycloakConflictException extends RuntimeException {

		KeycloakConflictException(String message) {
			super(message);
		}

	}

	static class KeycloakNotFoundException extends RuntimeException {

		KeycloakNotFoundException(String message) {
			super(message);
		}

	}

}
