package io.parley.gateway.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param backChannelLogoutUri where this instance calls itself to end one session during OIDC back-channel
 * logout; {@code null} or blank means {@code http://127.0.0.1:<local port>/logout/connect/back-channel/{registrationId}}
 * @param cookieKey 32 random bytes, Base64, sealing the sign-in cookie (AuthorizationRequestCookieRepository);
 * {@code null} or blank: a new key per start, which only one instance can use (every instance must share it)
 * @param signInTimeout how long a started sign-in may take at Keycloak before its cookie is refused
 */
@ConfigurationProperties("parley.gateway")
record GatewaySecurityProperties(@Nullable String backChannelLogoutUri, @Nullable String cookieKey,
		@DefaultValue("10m") Duration signInTimeout) {
}
