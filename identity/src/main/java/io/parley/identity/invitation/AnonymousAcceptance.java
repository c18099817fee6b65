package io.parley.identity.invitation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The invitee has no account, so the acceptance call carries no token. Platform's filter chain (which this
 * service keeps: declaring our own would switch it off) authenticates everything else; this one POST is left
 * out of it. It is safe without the chain: the body's 256-bit token is the credential, the service is stateless
 * (no session, no cookie to forge a request with), and nothing in it reads a security context.
 */
@Configuration(proxyBeanMethods = false)
class AnonymousAcceptance {

	@Bean
	WebSecurityCustomizer invitationAcceptanceWithoutToken() {
		return (web) -> web.ignoring()
			.requestMatchers(PathPatternRequestMatcher.withDefaults()
				.matcher(HttpMethod.POST, InvitationController.ACCEPTANCE_PATH));
	}

}
