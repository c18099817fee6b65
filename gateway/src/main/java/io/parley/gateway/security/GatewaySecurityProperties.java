package io.parley.gateway.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param backChannelLogoutUri where this instance calls itself to end one session during OIDC back-channel
 * logout; {@code null} or blank means {@code http://127.0.0.1:<local port>/logout/connect/back-channel/{registrationId}}
 */
@ConfigurationProperties("parley.gateway")
record GatewaySecurityProperties(@Nullable String backChannelLogoutUri) {
}
