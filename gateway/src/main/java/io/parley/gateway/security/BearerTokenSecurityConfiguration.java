package io.parley.gateway.security;

import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Organisations' API clients (a partner's release pipeline, ADR 0030) call {@code /api/**} with
 * {@code Authorization: Bearer <access token>} from Keycloak's client-credentials grant. This chain takes every
 * {@code /api/**} request that has a bearer header, before the browser chain can: such a request is never a session
 * request, whatever cookies it also carries. So it is its own chain rather than a branch of the browser's:
 * <ul>
 * <li>the token is checked here as a resource server checks it (signature against the realm's keys, kept in memory
 * by {@link RealmKeys}; issuer; expiry; audience), with no call to Keycloak per request;</li>
 * <li>only API clients (realm role {@code machine}) are let in: a person's token never reaches the browser, so one
 * arriving here was taken from somewhere it should not have left, and people sign in with the browser;</li>
 * <li>nothing is stored or set: no session, no security context saved, no CSRF token or cookie (CSRF rides on
 * cookies a browser adds by itself; a bearer header it never adds by itself);</li>
 * <li>the request goes on with its {@code Authorization} header as it came: {@code SessionTokenRelay=} acts only
 * for a signed-in person. Services check the token again, as they do for every request.</li>
 * </ul>
 * A missing, malformed, expired or foreign token is 401 problem JSON; a person's token is 403.
 */
@Configuration(proxyBeanMethods = false)
class BearerTokenSecurityConfiguration {

	static final String MACHINE_ROLE = "machine";

	private static final String MACHINE_AUTHORITY = "ROLE_" + MACHINE_ROLE;

	/** {@code /api/**} with an {@code Authorization} header of the Bearer scheme, well formed or not. */
	static final ServerWebExchangeMatcher BEARER_API_REQUESTS = new AndServerWebExchangeMatcher(
			ServerWebExchangeMatchers.pathMatchers("/api/**"),
			(exchange) -> bearerScheme(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
					? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch());

	static boolean bearerScheme(@Nullable String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6)
				&& (authorization.length() == 6 || Character.isWhitespace(authorization.charAt(6)));
	}

	/** After the management chain (which only the management port reaches), before the browser chain. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityWebFilterChain bearerTokenSecurityWebFilterChain(ServerHttpSecurity http,
			ReactiveJwtDecoder apiClientTokenDecoder) {
		// @formatter:off
		http
			.securityMatcher(BEARER_API_REQUESTS)
			.authorizeExchange((exchange) -> exchange.anyExchange().hasAuthority(MACHINE_AUTHORITY))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt
					.jwtDecoder(apiClientTokenDecoder)
					.jwtAuthenticationConverter(BearerTokenSecurityConfiguration::authentication))
				.authenticationFailureHandler(failure())
				.authenticationEntryPoint(ProblemResponses.invalidBearerToken())
				.accessDeniedHandler(ProblemResponses.notAnApiClient()))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(ProblemResponses.invalidBearerToken())
				.accessDeniedHandler(ProblemResponses.notAnApiClient()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.headers((headers) -> headers.frameOptions((frame) -> frame.mode(Mode.DENY)));
		// @formatter:on
		return http.build();
	}

	/**
	 * A token that does not pass is 401. Keys that cannot be read (Keycloak down before the first read) say nothing
	 * about the token: 503, try again.
	 */
	private static ServerAuthenticationFailureHandler failure() {
		return (filterExchange, ex) -> (ex instanceof AuthenticationServiceException)
				? ProblemResponses.signingKeysUnavailable(filterExchange.getExchange())
				: ProblemResponses.invalidBearerToken().commence(filterExchange.getExchange(), ex);
	}

	/**
	 * The realm's issuer and keys, from the same provider the browser sign-in uses (derived from
	 * {@code KEYCLOAK_ISSUER_URI}, see {@link ClientRegistrationConfiguration}); RS256 only, as Keycloak signs.
	 */
	@Bean
	ReactiveJwtDecoder apiClientTokenDecoder(ReactiveClientRegistrationRepository registrations,
			BearerTokenProperties properties) {
		ClientRegistration keycloak = registrations.findByRegistrationId(SecurityConfiguration.REGISTRATION_ID).block();
		if (keycloak == null || keycloak.getProviderDetails().getIssuerUri() == null) {
			throw new IllegalStateException("No issuer for the Keycloak registration: bearer tokens cannot be checked");
		}
		String issuer = keycloak.getProviderDetails().getIssuerUri();
		RealmKeys keys = new RealmKeys(WebClient.create(), URI.create(keycloak.getProviderDetails().getJwkSetUri()),
				properties.keysRefreshInterval(), Clock.systemUTC());
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				audience(properties.audience())));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> audience(String audience) {
		OAuth2Error notForUs = new OAuth2Error("invalid_token", "The token is not meant for " + audience, null);
		return (jwt) -> (jwt.getAudience() != null && jwt.getAudience().contains(audience))
				? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(notForUs);
	}

	/** Realm roles become {@code ROLE_<role>}; the name is the client id ({@code azp}), which the rate limit keys on. */
	static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
		List<GrantedAuthority> authorities = realmRoles(jwt).stream()
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		String client = jwt.getClaimAsString("azp");
		return Mono.just(new JwtAuthenticationToken(jwt, authorities, (client != null) ? client : String.valueOf(jwt.getSubject())));
	}

	private static List<String> realmRoles(Jwt jwt) {
		if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> access
				&& access.get("roles") instanceof Collection<?> roles) {
			return roles.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return List.of();
	}

}
