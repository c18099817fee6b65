package io.parley.gateway.security;

import java.util.Set;

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
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * {@code SessionTokenRelay=}: Spring Cloud Gateway's {@code TokenRelay=}, except that a signed-in person whose
 * access token cannot be had (refresh refused because Keycloak ended the session, refresh token expired,
 * tokens gone from the session) is not forwarded at all. {@code TokenRelay=} answers the failed refresh with a
 * 500 and, once the tokens are dropped from the session, forwards later requests <em>without</em> a token,
 * which the service refuses while the gateway session lives on: the SPA keeps failing and is never sent to sign
 * in. Here the session is invalidated and the request answered with the gateway's 401 problem, the same answer
 * as "no session", which the SPA turns into a login.
 * <p>
 * Anonymous requests (the invitation acceptance, the only anonymous route) pass unchanged, without a token.
 * When Keycloak cannot be reached during a refresh the answer is a 503 problem and the session survives.
 */
final class SessionTokenRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final Logger audit = LoggerFactory.getLogger("io.parley.gateway.audit");

	private static final Logger log = LoggerFactory.getLogger(SessionTokenRelayGatewayFilterFactory.class);

	/** The refresh token (or the whole authorization) is gone for good: signing in again is the only way on. */
	private static final Set<String> SESSION_ENDING_ERRORS = Set.of(OAuth2ErrorCodes.INVALID_GRANT,
			OAuth2ErrorCodes.INVALID_TOKEN, "client_authorization_required");

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
			.onErrorResume((ex) -> refused(exchange, ex).then(Mono.empty()))
			.flatMap(chain::filter);
	}

	/**
	 * Only a dead grant ends the session. Keycloak unreachable or answering 5xx (which Security also reports as an
	 * OAuth2 error, {@code invalid_token_response}) says nothing about the person: 503, session kept, and the
	 * next request tries again.
	 */
	private static Mono<Void> refused(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof OAuth2AuthorizationException authorization
				&& SESSION_ENDING_ERRORS.contains(authorization.getError().getErrorCode())) {
			return endSession(exchange, authorization);
		}
		log.warn("access token not renewable now, session kept: {}", ex.toString());
		return ProblemResponses.identityProviderUnavailable(exchange);
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
