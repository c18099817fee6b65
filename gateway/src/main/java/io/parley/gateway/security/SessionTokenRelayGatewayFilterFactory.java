package io.parley.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * {@code SessionTokenRelay=}: Spring Cloud Gateway's {@code TokenRelay=}, except that a signed-in person whose
 * access token cannot be had (refresh refused because Keycloak ended the session, refresh token expired,
 * tokens gone from the session) is not forwarded at all. {@code TokenRelay=} forwards such a request
 * <em>without</em> a token, which the service answers with its own 401 while the gateway session lives on,
 * so the SPA keeps failing without being sent to sign in. Here the session is invalidated and the request
 * answered with the gateway's 401 problem, the same answer as "no session", which the SPA turns into a login.
 * <p>
 * Anonymous requests (the invitation acceptance, the only anonymous route) pass unchanged, without a token.
 * Errors that are not authorization errors (Keycloak unreachable during a refresh) propagate as 5xx: the
 * session is not to blame and survives them.
 */
final class SessionTokenRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final Logger audit = LoggerFactory.getLogger("io.parley.gateway.audit");

	private final ReactiveOAuth2AuthorizedClientManager authorizedClients;

	SessionTokenRelayGatewayFilterFactory(ReactiveOAuth2AuthorizedClientManager authorizedClients) {
		this.authorizedClients = authorizedClients;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> exchange.getPrincipal()
			.ofType(OAuth2AuthenticationToken.class)
			.flatMap((authentication) -> withAccessToken(exchange, authentication))
			.defaultIfEmpty(exchange)
			.onErrorResume(OAuth2AuthorizationException.class, (ex) -> endSession(exchange, ex).then(Mono.empty()))
			.flatMap(chain::filter);
	}

	private Mono<ServerWebExchange> withAccessToken(ServerWebExchange exchange, OAuth2AuthenticationToken authentication) {
		String registrationId = authentication.getAuthorizedClientRegistrationId();
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
			.principal(authentication)
			.attribute(ServerWebExchange.class.getName(), exchange)
			.build();
		return this.authorizedClients.authorize(request)
			// empty: nothing to relay although someone is signed in; never forward such a request bare
			.switchIfEmpty(Mono.error(() -> new ClientAuthorizationRequiredException(registrationId)))
			.map(OAuth2AuthorizedClient::getAccessToken)
			.map((token) -> exchange.mutate()
				.request((r) -> r.headers((headers) -> headers.setBearerAuth(token.getTokenValue())))
				.build());
	}

	private static Mono<Void> endSession(ServerWebExchange exchange, OAuth2AuthorizationException ex) {
		return exchange.getPrincipal().map(java.security.Principal::getName).defaultIfEmpty("-").flatMap((subject) -> {
			// the OAuth2 error code only (invalid_grant, ...): never the provider's description or a token
			audit.info("session ended: access token not renewable error={} subject={}", ex.getError().getErrorCode(),
					subject);
			return exchange.getSession().flatMap(WebSession::invalidate);
		}).then(ProblemResponses.sessionEnded(exchange));
	}

}
