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
		ResponseEntity<Void> response = call("create user", () -> this.http.post()
			.uri("/admin/realms/{realm}/users", realm())
			.headers(this::authorize)
			.contentType(MediaType.APPLICATION_JSON)
			.body(representation)
			.retrieve()
			.toBodilessEntity());
		URI location = response.getHeaders().getLocation();
		if (location == null) {
			throw new KeycloakUnavailableException("Keycloak created a user but did not say where");
		}
		String path = location.getPath();
		return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
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
