package io.parley.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;

/**
 * One log line per login success, login failure and logout, naming the subject (Keycloak user id). Never a
 * token, cookie or session id: the log is read by more people than the token store. Sign-ins are also counted
 * ({@link SignInMetrics}).
 */
final class AuthenticationAuditLog {

	private static final Logger log = LoggerFactory.getLogger("io.parley.gateway.audit");

	private AuthenticationAuditLog() {
	}

	static ServerAuthenticationSuccessHandler loginSucceeded(ServerAuthenticationSuccessHandler next,
			SignInMetrics metrics) {
		return (exchange, authentication) -> {
			log.info("login succeeded subject={} client={}", subject(authentication), client(authentication));
			metrics.succeeded();
			return next.onAuthenticationSuccess(exchange, authentication);
		};
	}

	static ServerAuthenticationFailureHandler loginFailed(ServerAuthenticationFailureHandler next,
			SignInMetrics metrics) {
		return (exchange, exception) -> {
			// the OAuth2 error code says what went wrong without echoing anything the provider sent back
			String error = errorCode(exception);
			log.warn("login failed error={}", error);
			metrics.failed(error);
			return next.onAuthenticationFailure(exchange, exception);
		};
	}

	/** Sits in front of the other logout handlers, while the session and its principal still exist. */
	static ServerLogoutHandler logout() {
		return (WebFilterExchange exchange, Authentication authentication) -> {
			if (authentication != null && authentication.getPrincipal() instanceof OidcLogoutToken token) {
				log.info("logout (back-channel from the identity provider) subject={}", token.getSubject());
			}
			else {
				log.info("logout subject={}", subject(authentication));
			}
			return Mono.empty();
		};
	}

	private static String subject(Authentication authentication) {
		if (authentication == null) {
			return "-";
		}
		if (authentication.getPrincipal() instanceof OidcUser user) {
			return user.getSubject();
		}
		return authentication.getName();
	}

	private static String client(Authentication authentication) {
		return (authentication instanceof OAuth2AuthenticationToken token) ? token.getAuthorizedClientRegistrationId()
				: "-";
	}

	private static String errorCode(AuthenticationException exception) {
		return (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError().getErrorCode()
				: exception.getClass().getSimpleName();
	}

}
