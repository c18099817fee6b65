package io.parley.workspace.people;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Takes the {@code name} claim of every authenticated API call into {@link PersonNames}. Only the {@code name}
 * claim: {@code Caller.name()} falls back to the user name or the subject, which are no names to show. Runs after
 * the security chain, so offboarded and anonymous callers (refused there) never get here.
 */
@Configuration(proxyBeanMethods = false)
class CallerNames implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(CallerNames.class);

	private final PersonNames names;

	CallerNames(PersonNames names) {
		this.names = names;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
				if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt
						&& jwt.getSubject() != null) {
					String name = jwt.getClaimAsString("name");
					if (name != null) {
						try {
							CallerNames.this.names.seen(jwt.getSubject(), name, jwt.getClaimAsString("org"));
						}
						catch (RuntimeException ex) {
							// a name is only shown: failing to keep it must not fail the caller's request
							log.warn("Name of person {} not kept: {}", jwt.getSubject(), ex.toString());
						}
					}
				}
				return true;
			}

		}).addPathPatterns("/api/**");
	}

}
