package io.parley.identity.keycloak;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.identity.keycloak.*}: where the admin API is and who identity is there.
 *
 * @param baseUrl Keycloak's root URL (no realm path), e.g. {@code http://127.0.0.1:8180}
 * @param realm the realm people live in
 * @param clientId the confidential client whose service account calls the admin API
 * @param clientSecret its secret
 * @param actionsLifespan how long the link in Keycloak's "set your password" e-mail stays valid
 * @param actionsClientId the client Keycloak sends the person back to after the required actions
 * @param actionsRedirectUri where, a redirect URI registered for {@code actionsClientId}
 * @param timeout connect and read timeout of every admin call
 */
@ConfigurationProperties("parley.identity.keycloak")
@Validated
public record KeycloakProperties(@NotNull URI baseUrl, @DefaultValue("parley") @NotBlank String realm,
		@DefaultValue("parley-identity") @NotBlank String clientId, @NotBlank String clientSecret,
		@DefaultValue("12h") Duration actionsLifespan, @DefaultValue("parley-gateway") String actionsClientId,
		@NotNull URI actionsRedirectUri, @DefaultValue("5s") Duration timeout) {
}
