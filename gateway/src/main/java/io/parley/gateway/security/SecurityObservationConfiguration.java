package io.parley.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No Micrometer observations of Spring Security's own steps (docs/adr/0039). With an observation registry present,
 * Security wraps every filter of every chain in an observation and adds one per authentication and authorization: on
 * a signed-in {@code GET} that was a dozen observations (and, when traced, spans) around work of a few microseconds
 * each, ~8 % of the gateway's CPU and ~12 % of its allocations in the profile of issue 14. The request itself stays
 * observed ({@code http.server.requests}, its trace and the proxied call's {@code traceparent}); what Security decides
 * is in the audit log (sign-in, sign-out, session ended) and in the answer (401, 403 problem).
 * Nothing about the checks changes: the filters run as before, only unobserved.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationConfiguration {

	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
