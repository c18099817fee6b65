package io.parley.workspace.offboarding;

import java.io.IOException;
import java.net.URI;

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
 * An offboarded person's access token stays valid until it expires (minutes); workspace does not wait for that,
 * nor for their memberships to be removed. Any request authenticated as someone workspace has seen offboarded is
 * refused with 401 {@code urn:parley:problem:access-revoked} (the same answer identity gives). Runs after the
 * security chain (a plain servlet filter at the default order), where the authentication is known.
 */
@Component
class OffboardedCallers extends OncePerRequestFilter {

	static final URI ACCESS_REVOKED = ProblemTypes.of("access-revoked");

	private final OffboardedPeople people;

	OffboardedCallers(OffboardedPeople people) {
		this.people = people;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token
				&& this.people.isOffboarded(token.getToken().getSubject())) {
			ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ACCESS_REVOKED,
					"Your access to Parley has ended.");
			return;
		}
		chain.doFilter(request, response);
	}

}
