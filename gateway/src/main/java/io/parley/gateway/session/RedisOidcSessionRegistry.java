package io.parley.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Back-channel logout registry in Redis, under {@code <session namespace>:oidc:}: {@code session:<local id>} holds the provider's issuer, subject and
 * session id ({@code sid}); {@code sid:<iss>|<sid>} and {@code sub:<iss>|<sub>} index local session ids.
 * <p>
 * Only identifiers are stored, never the ID token: the logout handler needs the local session id (and the
 * headers to replay), nothing else. Entries expire after {@code ttl} (longer than Keycloak's SSO session) so
 * sessions that simply time out do not pile up.
 */
final class RedisOidcSessionRegistry implements ReactiveOidcSessionRegistry {

	private static final String HEADER = "h:";

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	private final Duration ttl;

	RedisOidcSessionRegistry(ReactiveStringRedisTemplate redis, String prefix, Duration ttl) {
		this.redis = redis;
		this.prefix = prefix;
		this.ttl = ttl;
	}

	@Override
	public Mono<Void> saveSessionInformation(OidcSessionInformation info) {
		OidcUser user = info.getPrincipal();
		String issuer = String.valueOf(user.getIssuer());
		String sid = user.getClaimAsString("sid");
		Map<String, String> fields = new HashMap<>();
		fields.put("iss", issuer);
		fields.put("sub", user.getSubject());
		if (sid != null) {
			fields.put("sid", sid);
		}
		info.getAuthorities().forEach((name, value) -> fields.put(HEADER + name, value));
		String key = sessionKey(info.getSessionId());
		Mono<Void> indexBySid = (sid != null) ? index(sidKey(issuer, sid), info.getSessionId()) : Mono.empty();
		return this.redis.opsForHash()
			.putAll(key, fields)
			.then(this.redis.expire(key, this.ttl))
			.then(indexBySid)
			.then(index(subKey(issuer, user.getSubject()), info.getSessionId()));
	}

	@Override
	public Mono<OidcSessionInformation> removeSessionInformation(String clientSessionId) {
		String key = sessionKey(clientSessionId);
		return this.redis.<String, String>opsForHash()
			.entries(key)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> !fields.isEmpty())
			.flatMap((fields) -> {
				String issuer = fields.get("iss");
				String sid = fields.get("sid");
				Mono<Long> unindexSid = (sid != null)
						? this.redis.opsForSet().remove(sidKey(issuer, sid), clientSessionId) : Mono.just(0L);
				return this.redis.delete(key)
					.then(unindexSid)
					.then(this.redis.opsForSet().remove(subKey(issuer, fields.get("sub")), clientSessionId))
					.thenReturn(toInformation(clientSessionId, fields));
			});
	}

	@Override
	public Flux<OidcSessionInformation> removeSessionInformation(OidcLogoutToken token) {
		String issuer = token.getIssuer().toString();
		// the spec's rule: a sid names one provider session; without it, the subject means all of them
		String indexKey = (token.getSessionId() != null) ? sidKey(issuer, token.getSessionId())
				: subKey(issuer, token.getSubject());
		return this.redis.opsForSet().members(indexKey).concatMap(this::removeSessionInformation);
	}

	private Mono<Void> index(String indexKey, String clientSessionId) {
		return this.redis.opsForSet()
			.add(indexKey, clientSessionId)
			.then(this.redis.expire(indexKey, this.ttl))
			.then();
	}

	private static OidcSessionInformation toInformation(String clientSessionId, Map<String, String> fields) {
		Map<String, String> headers = new HashMap<>();
		fields.forEach((name, value) -> {
			if (name.startsWith(HEADER)) {
				headers.put(name.substring(HEADER.length()), value);
			}
		});
		// a stand-in principal carrying only the claims logout matching reads; the real ID token is not kept
		OidcIdToken.Builder idToken = OidcIdToken.withTokenValue("not-stored")
			.issuer(fields.get("iss"))
			.subject(fields.get("sub"))
			.issuedAt(Instant.EPOCH)
			.expiresAt(Instant.EPOCH.plusSeconds(1));
		if (fields.get("sid") != null) {
			idToken.claim("sid", fields.get("sid"));
		}
		return new OidcSessionInformation(clientSessionId, headers, new DefaultOidcUser(List.of(), idToken.build()));
	}

	private String sessionKey(String clientSessionId) {
		return this.prefix + "session:" + clientSessionId;
	}

	private String sidKey(String issuer, String sid) {
		return this.prefix + "sid:" + issuer + "|" + sid;
	}

	private String subKey(String issuer, String subject) {
		return this.prefix + "sub:" + issuer + "|" + subject;
	}

}
