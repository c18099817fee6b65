package io.parley.notifications.directory;

import io.parley.platform.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every API call teaches the directory the caller's name, e-mail and organisation from their token: the demo
 * people seeded in Keycloak never emit {@code MemberJoined}, and a changed e-mail reaches us this way too.
 */
@Component
class CallerDirectory implements HandlerInterceptor, WebMvcConfigurer {

	private final Directory directory;

	CallerDirectory(Directory directory) {
		this.directory = directory;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
			this.directory.remember(Caller.from(token.getToken()));
		}
		return true;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/api/notifications/**", "/api/notifications");
	}

}
