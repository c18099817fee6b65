package io.parley.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;

import io.parley.gateway.security.ProblemResponses;

/**
 * Keeps the in-memory session store within {@code server.reactive.session.max-sessions} by refusing new
 * sign-ins (503 problem, {@code Retry-After}) while it is full, rather than letting the store throw.
 * <p>
 * Only a completed login creates a session (the sign-in itself is kept in a cookie, see
 * AuthorizationRequestCookieRepository), and Spring's store does not count those against its maximum: the new
 * session enters the store through {@code changeSessionId()} at login, which bypasses the check. So the bound is
 * enforced here, at the two requests that lead to a new session: the start of a sign-in (so nobody types a
 * password for nothing) and Keycloak's callback (the real guard, before the code is exchanged). Someone who is
 * signed in already keeps their session through a new login and is never refused. Concurrent callbacks may pass
 * the check together and overshoot the maximum by that many; that is a bound still, and nothing fails.
 * <p>
 * Refusing, not evicting: evicting the least recent session would let one account, logging in over and over,
 * sign everyone else out. Full means someone with an account is doing that (anonymous requests hold nothing);
 * they show in the audit log, one line per login.
 */
final class SessionCapacityFilter implements WebFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(SessionCapacityFilter.class);

	private static final long RETRY_AFTER_SECONDS = 60;

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final InMemoryWebSessionStore store;

	private final Clock clock;

	private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.EPOCH);

	SessionCapacityFilter(InMemoryWebSessionStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		// before Spring Security's filter chain (-100), which would start the sign-in or exchange the code
		return -101;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith("/oauth2/authorization/") && !path.startsWith("/login/oauth2/code/")) {
			return chain.filter(exchange);
		}
		return exchange.getSession()
			.map(WebSession::isStarted)
			.flatMap((signedIn) -> (signedIn || hasRoom()) ? chain.filter(exchange) : refuse(exchange));
	}

	private boolean hasRoom() {
		if (this.store.getSessions().size() < this.store.getMaxSessions()) {
			return true;
		}
		// the store sweeps expired sessions only once a minute: sweep now before saying no
		this.store.removeExpiredSessions();
		return this.store.getSessions().size() < this.store.getMaxSessions();
	}

	private Mono<Void> refuse(ServerWebExchange exchange) {
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get();
		// once a minute at most: refusals are as frequent as the people trying, the cause is one and the same
		if (now.isAfter(last.plus(LOG_INTERVAL)) && this.lastLogged.compareAndSet(last, now)) {
			log.warn("sign-in refused: {} sessions held, the maximum (server.reactive.session.max-sessions); "
					+ "see the audit log for who logs in repeatedly", this.store.getSessions().size());
		}
		return ProblemResponses.signInCapacityReached(exchange, RETRY_AFTER_SECONDS);
	}

}
