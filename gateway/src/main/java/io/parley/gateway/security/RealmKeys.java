package io.parley.gateway.security;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The realm's public signing keys (JWKS), read once and kept in memory, so that checking a bearer token costs no
 * call to Keycloak. A token signed with a key id we do not know may mean Keycloak rotated its keys, so the set is
 * read again, but at most once per {@code refreshInterval}: Spring's stock remote key source reads it again for
 * every such token, which would let anyone make the gateway call Keycloak once per forged request.
 * <p>
 * Until a first read succeeds every token triggers one (requests at the same moment share it): with Keycloak down
 * at start there is nothing else to check against.
 */
final class RealmKeys implements Function<SignedJWT, Flux<JWK>> {

	private static final Logger log = LoggerFactory.getLogger(RealmKeys.class);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private final WebClient web;

	private final URI jwkSetUri;

	private final Duration refreshInterval;

	private final Clock clock;

	private volatile @Nullable JWKSet keys;

	/** When the latest read started: the next one waits {@code refreshInterval} from here. */
	private volatile Instant readAt = Instant.EPOCH;

	private final AtomicReference<@Nullable Mono<JWKSet>> reading = new AtomicReference<>();

	RealmKeys(WebClient web, URI jwkSetUri, Duration refreshInterval, Clock clock) {
		this.web = web;
		this.jwkSetUri = jwkSetUri;
		this.refreshInterval = refreshInterval;
		this.clock = clock;
	}

	@Override
	public Flux<JWK> apply(SignedJWT jwt) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
		JWKSet known = this.keys;
		if (known != null) {
			var found = selector.select(known);
			if (!found.isEmpty()) {
				return Flux.fromIterable(found);
			}
			if (this.clock.instant().isBefore(this.readAt.plus(this.refreshInterval))) {
				// no such key, and we asked Keycloak recently: the token is refused as unsigned by the realm
				return Flux.empty();
			}
		}
		return read().flatMapIterable(selector::select);
	}

	/** One read at a time; whoever comes while it runs waits for the same answer. */
	private Mono<JWKSet> read() {
		Mono<JWKSet> running = this.reading.get();
		if (running != null) {
			return running;
		}
		Mono<JWKSet> started = this.web.get()
			.uri(this.jwkSetUri)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(READ_TIMEOUT)
			.map(RealmKeys::parse)
			.doOnNext((set) -> {
				this.keys = set;
				log.info("read {} signing key(s) of the realm from {}", set.getKeys().size(), this.jwkSetUri);
			})
			// not a BadJwtException: the token may be fine, the keys are what is missing (503, not 401)
			.onErrorMap((ex) -> !(ex instanceof JwtException),
					(ex) -> new JwtException("the realm's signing keys could not be read from " + this.jwkSetUri, ex))
			.doOnError((ex) -> log.warn("{}: {}", ex.getMessage(), String.valueOf(ex.getCause())))
			// before the answer goes on (not doFinally, which runs after): whoever comes next reads anew
			.doOnTerminate(() -> this.reading.set(null))
			.cache();
		if (!this.reading.compareAndSet(null, started)) {
			Mono<JWKSet> other = this.reading.get();
			return (other != null) ? other : started;
		}
		this.readAt = this.clock.instant();
		return started;
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new JwtException("the realm's JWKS is not a JWK set: " + ex.getMessage(), ex);
		}
	}

}
