package io.parley.gateway.security;

import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.OidcBackChannelServerLogoutHandler;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;


@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	static final String REGISTRATION_ID = "keycloak";

	static final String LOGIN_PATH = "/oauth2/authorization/" + REGISTRATION_ID;

	/**
	 * The management server (actuator: health, info, metrics) on its own port and address, which only operators
	 * and scrapers can reach (docs/adr/0023). Spring Security's filters run there too (the management context is
	 * a child of this one), so this chain takes those requests first: no login, no CSRF, no session, no cookie.
	 * Requests on the public port never match it, whatever their path.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementSecurityWebFilterChain(ServerHttpSecurity http, Environment environment) {
		if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
			throw new IllegalStateException("management.server.port (GATEWAY_MANAGEMENT_PORT) equals the public "
					+ "port: metrics would be public. Give it another port, or -1 for no actuator at all.");
		}
		// @formatter:off
		http
			.securityMatcher((exchange) -> WebServerApplicationContext.hasServerNamespace(
					exchange.getApplicationContext(), "management")
							? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch())
			.authorizeExchange((exchange) -> exchange.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		// @formatter:on
		return http.build();
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
			ReactiveClientRegistrationRepository clientRegistrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, ReactiveOidcSessionRegistry oidcSessions,
			OidcBackChannelServerLogoutHandler backChannelLogout,
			AuthorizationRequestCookieRepository authorizationRequests, MeterRegistry meters) {
		SignInMetrics signIns = new SignInMetrics(meters);
		ClientRegistration keycloak = clientRegistrations.findByRegistrationId(REGISTRATION_ID).block();
		if (keycloak == null) {
			throw new IllegalStateException("No OAuth2 client registration '" + REGISTRATION_ID + "'");
		}
		OidcClientInitiatedServerLogoutSuccessHandler rpInitiatedLogout = new OidcClientInitiatedServerLogoutSuccessHandler(
				clientRegistrations);
		// Keycloak sends the browser back to the SPA's start page; the realm allows it ("+" = redirect URIs).
		rpInitiatedLogout.setPostLogoutRedirectUri("{baseUrl}/");

		// @formatter:off
		http
			.authorizeExchange((exchange) -> exchange
				// the SPA shell and its assets: they hold no data, and the page must load to find out it is signed out
				.pathMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico").permitAll()
				// liveness and readiness for a load balancer that only reaches this port: UP or DOWN, nothing more.
				// Everything else of the actuator (metrics included) is on the management port only.
				.pathMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
				// an invitee has no account yet: the 256-bit token in the body is the credential, which identity
				// checks itself. CSRF still applies (the SPA sends the cookie's token), so no other site can post it.
				.pathMatchers(HttpMethod.POST, "/api/identity/invitations/acceptance").permitAll()
				// everything else, /api/** included: a person with a session. What they may see is the services' call.
				.anyExchange().authenticated())
			// Nothing is kept on the server for someone who has not signed in (issue 13: a session per anonymous
			// request let anyone fill the store and lock out every new visitor). The sign-in in progress lives in a
			// sealed cookie; no request is saved to return to: the SPA keeps its place itself (web/src/auth/signIn.ts)
			// and its routes are fragments, which never reach the server anyway. The CSRF token is a cookie already.
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.oauth2Login((login) -> login
				.authorizationRequestRepository(authorizationRequests)
				// PKCE (S256) needs no code here: Security 7 sends a code_challenge for every authorization_code
				// client, confidential ones included (ClientSettings.requireProofKey defaults to true). A test guards it.
				.authorizedClientRepository(authorizedClients)
				.oidcSessionRegistry(oidcSessions)
				.authenticationSuccessHandler(AuthenticationAuditLog.loginSucceeded(startPage(), signIns))
				// not Security's generated /login page (we have none): back to the SPA, which offers a retry
				.authenticationFailureHandler(AuthenticationAuditLog.loginFailed(
						new RedirectServerAuthenticationFailureHandler("/?error=login"), signIns)))
			.oidcLogout((oidc) -> oidc
				.oidcSessionRegistry(oidcSessions)
				// POST /logout/connect/back-channel/keycloak. Security installs this filter before the CSRF filter,
				// so Keycloak's server-to-server call needs no CSRF token (a test proves it).
				.backChannel((backChannel) -> backChannel.logoutHandler(backChannelLogout)))
			.logout((logout) -> logout
				// POST only (the default), and CSRF-protected like any POST: a cross-site form cannot sign people out
				.logoutHandler((handlers) -> {
					handlers.add(0, AuthenticationAuditLog.logout());
					// drop the whole session (tokens included), not just the security context in it
					handlers.add(new WebSessionServerLogoutHandler());
				})
				.logoutSuccessHandler(rpInitiatedLogout))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(entryPoint()))
			.csrf((csrf) -> csrf
				// the SPA reads XSRF-TOKEN (so not HttpOnly) and echoes it in X-XSRF-TOKEN; a cross-site page can
				// neither read the cookie nor set the header. The session cookie itself stays HttpOnly.
				.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
				.accessDeniedHandler(ProblemResponses.csrfRejected()))
			.addFilterAfter(new CsrfCookieWebFilter(), SecurityWebFiltersOrder.CSRF)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(keycloak)))
				.frameOptions((frame) -> frame.mode(Mode.DENY))
				.contentTypeOptions(Customizer.withDefaults())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
				// HSTS keeps its default: written only on https requests (forwarded scheme included)
		// @formatter:on
		return http.build();
	}

	/** Always the start page: its own default would look in a session-backed request cache. */
	private static RedirectServerAuthenticationSuccessHandler startPage() {
		RedirectServerAuthenticationSuccessHandler handler = new RedirectServerAuthenticationSuccessHandler("/");
		handler.setRequestCache(NoOpServerRequestCache.getInstance());
		return handler;
	}

	/**
	 * API calls and XHRs get 401 problem+json (a redirect to Keycloak's HTML is useless to them), and so does the
	 * actuator path on this port (it serves nothing here, signed in or not); a browser navigation is sent to log
	 * in, without saving the request (that would need a session, see the request cache above).
	 */
	private static DelegatingServerAuthenticationEntryPoint entryPoint() {
		ServerWebExchangeMatcher api = new OrServerWebExchangeMatcher(
				ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator", "/actuator/**"),
				(exchange) -> "XMLHttpRequest".equals(exchange.getRequest().getHeaders().getFirst("X-Requested-With"))
						? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch());
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(api, ProblemResponses.unauthenticated()));
		RedirectServerAuthenticationEntryPoint login = new RedirectServerAuthenticationEntryPoint(LOGIN_PATH);
		login.setRequestCache(NoOpServerRequestCache.getInstance());
		entryPoint.setDefaultEntryPoint(login);
		return entryPoint;
	}

	/**
	 * The key must be the same on every instance (the callback may reach another one than the start); without
	 * one configured each start makes its own, which is right for one instance only, hence the warning with the
	 * {@code redis} profile (several instances).
	 */
	@Bean
	AuthorizationRequestCookieRepository authorizationRequestCookieRepository(GatewaySecurityProperties properties,
			Environment environment) {
		return new AuthorizationRequestCookieRepository(
				cookieKey(properties.cookieKey(), environment.acceptsProfiles(Profiles.of("redis"))),
				properties.signInTimeout(), Clock.systemUTC());
	}

	static SecretKey cookieKey(@Nullable String configured, boolean severalInstances) {
		if (!StringUtils.hasText(configured)) {
			byte[] generated = new byte[32];
			new SecureRandom().nextBytes(generated);
			String advice = "sign-in cookie key generated for this start; set PARLEY_GATEWAY_COOKIE_KEY (32 random "
					+ "bytes, Base64) to the same value on every instance when several serve one site";
			if (severalInstances) {
				log.warn(advice);
			}
			else {
				log.info(advice);
			}
			return new SecretKeySpec(generated, "AES");
		}
		byte[] key;
		try {
			// either Base64 alphabet: `openssl rand -base64 32` gives the standard one
			key = Base64.getDecoder().decode(configured.trim().replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("PARLEY_GATEWAY_COOKIE_KEY is not Base64: make one with "
					+ "`openssl rand -base64 32`", ex);
		}
		if (key.length != 32) {
			Arrays.fill(key, (byte) 0);
			throw new IllegalStateException("PARLEY_GATEWAY_COOKIE_KEY must be 32 bytes (AES-256), it decodes to "
					+ key.length + ": make one with `openssl rand -base64 32`");
		}
		return new SecretKeySpec(key, "AES");
	}

	/**
	 * No inline script or style anywhere. {@code form-action} must name Keycloak: after the logout form's POST
	 * the browser follows a redirect to Keycloak's end-session endpoint, and CSP checks redirects of a form
	 * submission too. The origin is derived from the configured issuer, so it follows KEYCLOAK_ISSUER_URI.
	 */
	static String contentSecurityPolicy(ClientRegistration keycloak) {
		URI issuer = URI.create(keycloak.getProviderDetails().getIssuerUri());
		String keycloakOrigin = issuer.getScheme() + "://" + issuer.getHost()
				+ ((issuer.getPort() != -1) ? ":" + issuer.getPort() : "");
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
				+ "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self' " + keycloakOrigin;
	}

	/** The filter behind {@code SessionTokenRelay=} on every route (application.yml). */
	@Bean
	SessionTokenRelayGatewayFilterFactory sessionTokenRelayGatewayFilterFactory(
			ReactiveOAuth2AuthorizedClientManager authorizedClients) {
		return new SessionTokenRelayGatewayFilterFactory(authorizedClients);
	}

	/**
	 * For every session Keycloak ends, the instance that received the back-channel call calls itself (with
	 * that session's cookie) to end the local session. It must address <em>itself</em>: the default
	 * {@code {baseUrl}} is the public origin behind a proxy, which could route the call to another instance.
	 */
	@Bean
	OidcBackChannelServerLogoutHandler oidcBackChannelServerLogoutHandler(ReactiveOidcSessionRegistry oidcSessions,
			GatewaySecurityProperties properties) {
		OidcBackChannelServerLogoutHandler handler = new OidcBackChannelServerLogoutHandler(oidcSessions);
		handler.setSessionCookieName("SESSION");
		if (StringUtils.hasText(properties.backChannelLogoutUri())) {
			handler.setLogoutUri(properties.backChannelLogoutUri());
		}
		return handler;
	}

	/** Points the back-channel self-call at the port actually bound, unless configured explicitly. */
	@Bean
	ApplicationListener<WebServerInitializedEvent> backChannelLogoutSelfUri(OidcBackChannelServerLogoutHandler handler,
			GatewaySecurityProperties properties, @Value("${server.address:}") String serverAddress,
			@Value("${server.ssl.enabled:false}") boolean ssl) {
		return (event) -> {
			if (StringUtils.hasText(properties.backChannelLogoutUri())
					|| event.getApplicationContext().getServerNamespace() != null) {
				return; // explicit URI, or the management server's event
			}
			String scheme = ssl ? "https" : "http";
			handler.setLogoutUri(scheme + "://" + selfHost(serverAddress) + ":" + event.getWebServer().getPort()
					+ "/logout/connect/back-channel/{registrationId}");
		};
	}

	/** The bound address, or loopback when bound to all interfaces (or nothing configured). */
	private static String selfHost(String serverAddress) {
		if (!StringUtils.hasText(serverAddress)) {
			return "127.0.0.1";
		}
		try {
			InetAddress address = InetAddress.getByName(serverAddress);
			if (address.isAnyLocalAddress()) {
				return "127.0.0.1";
			}
			return (address.getAddress().length == 16) ? "[" + address.getHostAddress() + "]"
					: address.getHostAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return serverAddress;
		}
	}

}
