package io.parley.identity.person;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.parley.platform.problem.ProblemResponses;
import io.parley.platform.problem.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An offboarded person's access token stays valid until it expires (minutes); identity does not wait for that.
 * Any request authenticated as someone identity has offboarded is refused with 401
 * {@code urn:parley:problem:access-revoked}, whatever the token says. Runs after the security chain (a plain
 * servlet filter at the default order), where the authentication is known.
 */
@Component
class OffboardedCallers extends OncePerRequestFilter {

	static final java.net.URI ACCESS_REVOKED = ProblemTypes.of("access-revoked");

	private final People people;

	OffboardedCallers(People people) {
		this.people = people;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && offboarded(token.getToken().getSubject())) {
			ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ACCESS_REVOKED,
					"Your access to Parley has ended.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean offboarded(String subject) {
		try {
			return this.people.isOffboarded(UUID.fromString(subject));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
