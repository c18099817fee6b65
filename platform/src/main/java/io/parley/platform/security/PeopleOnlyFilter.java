package io.parley.platform.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.parley.platform.problem.ProblemResponses;
import io.parley.platform.problem.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Services serve people unless they say otherwise. An organisation's API client (realm role {@code machine}, ADR
 * 0030) holds a valid token that the gateway passes on, but a service written for people would treat it as one:
 * a workspace list that needs no membership, an inbox, identity's {@code /me} taking it for someone signing in.
 * So every service refuses it with 403 before any controller runs, whatever the path, unless it sets
 * {@code parley.security.api-clients-accepted=true} (rollouts, where pipelines report health) and then decides
 * itself what such a caller may do.
 */
final class PeopleOnlyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(PeopleOnlyFilter.class);

	private final String service;

	PeopleOnlyFilter(String service) {
		this.service = service;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && Caller.from(token.getToken()).isMachine()) {
			log.info("Refused {} {} of API client {}: {} serves people only", request.getMethod(),
					request.getRequestURI(), token.getToken().getClaimAsString("azp"), this.service);
			ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "API clients may "
					+ "not use " + this.service + ": they read and report on their organisation's releases only.");
			return;
		}
		chain.doFilter(request, response);
	}

}
