package io.parley.gateway.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/**
 * The Keycloak client registration, built without asking Keycloak.
 * <p>
 * Boot's default reads the issuer's discovery document while the context starts, so the gateway could not
 * start (nor pass its readiness probe, nor serve the SPA's start page) while Keycloak was down or still
 * starting, and a restart of both in the wrong order needed a second restart. Keycloak publishes its endpoints
 * at fixed paths under the realm's issuer URI ({@code <issuer>/protocol/openid-connect/...}), so they are
 * derived from {@code spring.security.oauth2.client.provider.<id>.issuer-uri} here. Nothing reaches Keycloak
 * before the first login; the ID token's {@code iss} is still checked against the configured issuer, and its
 * signature against the JWKS, fetched on first use.
 * <p>
 * An endpoint configured explicitly on the provider wins over the derived one (another IdP with another layout).
 */
@Configuration(proxyBeanMethods = false)
class ClientRegistrationConfiguration {

	private static final String KEYCLOAK_ENDPOINTS = "/protocol/openid-connect";

	@Bean
	ReactiveClientRegistrationRepository clientRegistrationRepository(Environment environment) {
		// bound here rather than injected: Boot registers its OAuth2ClientProperties bean only together with
		// its own (discovering) repository, which this bean replaces
		OAuth2ClientProperties properties = Binder.get(environment)
			.bind("spring.security.oauth2.client", OAuth2ClientProperties.class)
			.orElseGet(OAuth2ClientProperties::new);
		properties.validate();
		Map<String, String> issuers = new LinkedHashMap<>();
		properties.getProvider().forEach((id, provider) -> {
			String issuer = provider.getIssuerUri();
			if (issuer != null) {
				issuers.put(id, issuer);
				deriveEndpoints(provider, stripTrailingSlash(issuer));
				// without it the mapper would fetch the discovery document, which is what this class avoids
				provider.setIssuerUri(null);
			}
		});
		List<ClientRegistration> registrations = new OAuth2ClientPropertiesMapper(properties).asClientRegistrations()
			.entrySet()
			.stream()
			.map((entry) -> withIssuer(entry.getValue(), issuers.get(providerId(properties, entry.getKey()))))
			.toList();
		return new InMemoryReactiveClientRegistrationRepository(registrations);
	}

	private static void deriveEndpoints(OAuth2ClientProperties.Provider provider, String issuer) {
		String base = issuer + KEYCLOAK_ENDPOINTS;
		if (provider.getAuthorizationUri() == null) {
			provider.setAuthorizationUri(base + "/auth");
		}
		if (provider.getTokenUri() == null) {
			provider.setTokenUri(base + "/token");
		}
		if (provider.getJwkSetUri() == null) {
			provider.setJwkSetUri(base + "/certs");
		}
		if (provider.getUserInfoUri() == null) {
			provider.setUserInfoUri(base + "/userinfo");
		}
	}

	/**
	 * The issuer (checked against every ID token's and logout token's {@code iss}) and the end-session endpoint
	 * (RP-initiated logout reads it from the provider metadata, where discovery would have put it).
	 */
	private static ClientRegistration withIssuer(ClientRegistration registration, String issuer) {
		if (issuer == null) {
			return registration;
		}
		Map<String, Object> metadata = new LinkedHashMap<>(
				registration.getProviderDetails().getConfigurationMetadata());
		metadata.putIfAbsent("issuer", issuer);
		metadata.putIfAbsent("end_session_endpoint", stripTrailingSlash(issuer) + KEYCLOAK_ENDPOINTS + "/logout");
		return ClientRegistration.withClientRegistration(registration)
			.issuerUri(issuer)
			.providerConfigurationMetadata(metadata)
			.build();
	}

	private static String providerId(OAuth2ClientProperties properties, String registrationId) {
		String provider = properties.getRegistration().get(registrationId).getProvider();
		return (provider != null) ? provider : registrationId;
	}

	private static String stripTrailingSlash(String uri) {
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}

}
