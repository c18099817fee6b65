package io.parley.platform.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every servlet service is an OAuth2 resource server with the same rules: a bearer token checked for signature,
 * expiry, issuer and audience (Boot's {@code spring.security.oauth2.resourceserver.jwt.*}, defaults in
 * {@code platform-defaults.properties}), no session, no CSRF (there is no cookie to ride on), problem details
 * for 401/403. Health and metrics stay open for probes and scrapers.
 *
 * <p>
 * The gateway's TokenRelay forwards a request without a token when nobody is logged in, so this chain, not the
 * gateway, is what keeps anonymous callers out.
 */
@AutoConfiguration(before = { OAuth2ResourceServerAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ResourceServerSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain resourceServerSecurityFilterChain(HttpSecurity http) throws Exception {
		ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint();
		JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(new KeycloakRolesConverter());
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
					"/actuator/prometheus")
			.permitAll()
			// the error page renders problems for requests that were already authorised (or refused) upstream
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(authentication))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/**
	 * Nimbus waits only 500 ms for the realm's JWKS; a busy Keycloak (or a busy 2-core test machine) answers the
	 * first request slower than that and every request in the meantime would get a 401.
	 */
	@Bean
	JwkSetUriJwtDecoderBuilderCustomizer patientJwkSetRetrieval() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(2));
		requests.setReadTimeout(Duration.ofSeconds(5));
		return (builder) -> builder.restOperations(new RestTemplate(requests));
	}

	/** After Spring Security's chain (-100) and platform's access-ended filter (-99), before anything else. */
	@Bean
	@ConditionalOnProperty(name = "parley.security.api-clients-accepted", havingValue = "false", matchIfMissing = true)
	FilterRegistrationBean<PeopleOnlyFilter> parleyPeopleOnlyFilter(
			@Value("${spring.application.name:this service}") String service) {
		FilterRegistrationBean<PeopleOnlyFilter> registration = new FilterRegistrationBean<>(
				new PeopleOnlyFilter(service));
		registration.setOrder(-98);
		return registration;
	}

	@Bean
	WebMvcConfigurer callerArgumentResolverConfigurer() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerArgumentResolver());
			}
		};
	}

}
