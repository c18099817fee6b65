package io.parley.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.parley.platform.problem.ProblemResponses;
import io.parley.platform.problem.ProblemTypes;
import io.parley.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Identity serves people. An organisation's API client (realm role {@code machine}, ADR 0030) holds a valid token
 * that the gateway passes on, but nothing here is for it: not its organisation's directory, not {@code /me}
 * (which would take it for a person signing in), not the management of API clients. It is refused with 403 before
 * any controller runs, whatever the path; its organisation's claims are never read here.
 */
final class PeopleOnlyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(PeopleOnlyFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && Caller.from(token.getToken()).isMachine()) {
			log.info("Refused {} {} of API client {}: identity serves people only", request.getMethod(),
					request.getRequestURI(), token.getToken().getClaimAsString("azp"));
			ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
					"API clients may not use identity: they read and report on their organisation's releases only.");
			return;
		}
		chain.doFilter(request, response);
	}

}
