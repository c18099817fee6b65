package io.parley.platform.access;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;

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
 * An access token stays valid for minutes after its holder was offboarded or their sponsored access ended, and a
 * gateway session may outlive both on an instance that never heard of the logout. No service waits for either:
 * any request authenticated as someone whose access has ended is refused with 401
 * {@code urn:parley:problem:access-revoked}. The same holds for an organisation's API client once it was revoked:
 * its service account is its tokens' subject. Registered after the security chain, where the authentication is known.
 */
public class AccessEndedFilter extends OncePerRequestFilter {

	public static final URI ACCESS_REVOKED = ProblemTypes.of("access-revoked");

	private static final Logger log = LoggerFactory.getLogger(AccessEndedFilter.class);

	private final AccessCheck access;

	private final Clock clock;

	public AccessEndedFilter(AccessCheck access, Clock clock) {
		this.access = access;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			String personId = token.getToken().getSubject();
			if (personId != null && this.access.ended(personId, this.clock.instant())) {
				String detail;
				if (Caller.from(token.getToken()).isMachine()) {
					log.info("Refused {} {} of API client {} (service account {}): it was revoked",
							request.getMethod(), request.getRequestURI(), token.getToken().getClaimAsString("azp"),
							personId);
					detail = "This API client was revoked; an admin of your organisation can create a new one and "
							+ "give its secret to your pipeline.";
				}
				else {
					log.info("Refused {} {} of person {}: their access has ended", request.getMethod(),
							request.getRequestURI(), personId);
					detail = "Your access to Parley has ended.";
				}
				ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ACCESS_REVOKED, detail);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
