package io.parley.gateway.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRegistrationConfigurationTests {

	// nothing listens here: building the registration must not try
	static final String ISSUER = "http://127.0.0.1:9/realms/parley";

	@Test
	void givenIssuerOnly_whenRegistrationBuilt_thenKeycloakEndpointsDerivedWithoutDiscovery() {
		ClientRegistration keycloak = registration(environment());

		ClientRegistration.ProviderDetails provider = keycloak.getProviderDetails();
		assertThat(provider.getIssuerUri()).isEqualTo(ISSUER);
		assertThat(provider.getAuthorizationUri()).isEqualTo(ISSUER + "/protocol/openid-connect/auth");
		assertThat(provider.getTokenUri()).isEqualTo(ISSUER + "/protocol/openid-connect/token");
		assertThat(provider.getJwkSetUri()).isEqualTo(ISSUER + "/protocol/openid-connect/certs");
		assertThat(provider.getUserInfoEndpoint().getUri()).isEqualTo(ISSUER + "/protocol/openid-connect/userinfo");
		assertThat(provider.getUserInfoEndpoint().getUserNameAttributeName()).isEqualTo("sub");
		assertThat(provider.getConfigurationMetadata()).containsEntry("end_session_endpoint",
				ISSUER + "/protocol/openid-connect/logout");
		assertThat(keycloak.getClientId()).isEqualTo("parley-gateway");
		assertThat(keycloak.getScopes()).containsExactlyInAnyOrder("openid", "profile", "email");
	}

	@Test
	void givenTokenUriSetExplicitly_whenRegistrationBuilt_thenItWinsOverTheDerivedOne() {
		// e.g. a container network: the browser uses the public issuer, the gateway an internal address
		MockEnvironment environment = environment().withProperty(
				"spring.security.oauth2.client.provider.keycloak.token-uri", "http://keycloak:8080/internal/token");

		ClientRegistration keycloak = registration(environment);

		assertThat(keycloak.getProviderDetails().getTokenUri()).isEqualTo("http://keycloak:8080/internal/token");
		assertThat(keycloak.getProviderDetails().getAuthorizationUri())
			.isEqualTo(ISSUER + "/protocol/openid-connect/auth");
	}

	private static MockEnvironment environment() {
		String registration = "spring.security.oauth2.client.registration.keycloak.";
		return new MockEnvironment().withProperty(registration + "provider", "keycloak")
			.withProperty(registration + "client-id", "parley-gateway")
			.withProperty(registration + "client-secret", "secret")
			.withProperty(registration + "authorization-grant-type", "authorization_code")
			.withProperty(registration + "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}")
			.withProperty(registration + "scope", "openid, profile, email")
			.withProperty("spring.security.oauth2.client.provider.keycloak.issuer-uri", ISSUER)
			.withProperty("spring.security.oauth2.client.provider.keycloak.user-name-attribute", "sub");
	}

	private static ClientRegistration registration(MockEnvironment environment) {
		return new ClientRegistrationConfiguration().clientRegistrationRepository(environment)
			.findByRegistrationId("keycloak")
			.block();
	}

}
