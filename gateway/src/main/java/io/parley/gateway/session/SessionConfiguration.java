package io.parley.gateway.session;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Everything per-browser lives in the web session: the security context and the user's tokens. With the
 * {@code redis} profile Spring Session moves that session to Redis (auto-configured, see
 * application-redis.yml), so any gateway instance can serve any browser. A session exists only from a
 * completed login on: nothing anonymous is kept on the server (docs/adr/0023).
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/**
	 * Tokens in the session, not in Boot's default in-memory service keyed by user name: a second gateway
	 * instance would not find them there, and they would outlive the session (and the logout).
	 */
	@Bean
	ServerOAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new WebSessionServerOAuth2AuthorizedClientRepository();
	}

	/**
	 * The in-memory store holds at most {@code server.reactive.session.max-sessions}; this refuses sign-ins while
	 * it is full instead of failing. Redis has no such count: its sessions expire, and its memory is Redis's to bound.
	 */
	@Bean
	@Profile("!redis")
	SessionCapacityFilter sessionCapacityFilter(WebSessionManager sessions) {
		if (sessions instanceof DefaultWebSessionManager manager
				&& manager.getSessionStore() instanceof InMemoryWebSessionStore store) {
			return new SessionCapacityFilter(store, Clock.systemUTC());
		}
		throw new IllegalStateException("Without the redis profile the gateway expects Spring's in-memory session "
				+ "store, found " + sessions.getClass().getName());
	}

	/** Which local session belongs to which Keycloak session, for back-channel logout. One instance only. */
	@Bean
	@Profile("!redis")
	ReactiveOidcSessionRegistry inMemoryOidcSessionRegistry() {
		return new InMemoryReactiveOidcSessionRegistry();
	}

	/**
	 * Shared, because Keycloak's back-channel call reaches whichever instance the proxy picks, not the one
	 * where the person logged in.
	 */
	@Bean
	@Profile("redis")
	ReactiveOidcSessionRegistry redisOidcSessionRegistry(ReactiveStringRedisTemplate redis,
			@Value("${spring.session.data.redis.namespace:spring:session}") String sessionNamespace,
			@Value("${parley.gateway.oidc-session-registry-ttl:12h}") Duration ttl) {
		// next to the sessions it points at: gateways sharing a Redis under other namespaces never mix
		return new RedisOidcSessionRegistry(redis, sessionNamespace + ":oidc:", ttl);
	}

}
