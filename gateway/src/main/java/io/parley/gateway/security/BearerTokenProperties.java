package io.parley.gateway.security;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.gateway.bearer.*}: organisations' API clients calling {@code /api/**} with their own access token
 * (ADR 0030). Issuer and key set are the realm's, from the Keycloak provider the gateway signs people in with.
 *
 * @param audience what the token's {@code aud} must contain: the audience the services check
 * @param keysRefreshInterval the least time between two reads of the realm's keys for an unknown key id
 */
@Validated
@ConfigurationProperties("parley.gateway.bearer")
record BearerTokenProperties(@DefaultValue("parley-api") @NotBlank String audience,
		@DefaultValue("30s") Duration keysRefreshInterval) {
}
