package io.parley.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.server.ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps the OAuth2 authorization request (state, nonce, PKCE code verifier) in the browser between the redirect
 * to Keycloak and the callback, sealed with AES-256-GCM, instead of in a server-side session. A session per
 * {@code GET /oauth2/authorization/keycloak} let anyone fill the session store with requests that never sign in
 * and lock every new visitor out (issue 13); a cookie costs the server nothing until the callback proves a login.
 * <p>
 * GCM authenticates as well as encrypts: a cookie changed by one bit, sealed under another key, or made for
 * another purpose (the cookie name is bound in as associated data) does not open, and the login fails like one
 * with an unknown {@code state}. The verifier and nonce stay secret from the browser's scripts and from anyone
 * who reads the cookie. The expiry is inside the sealed value, so a copied cookie is useless after
 * {@link #timeToLive}, whatever its {@code Max-Age} said.
 * <p>
 * One sign-in at a time per browser, as with the session-based repository it replaces: a second start overwrites
 * the first, whose callback then fails and the SPA offers a retry. Every gateway instance needs the same key,
 * because the callback may reach another instance than the start (docs/adr/0023).
 */
final class AuthorizationRequestCookieRepository implements ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE_NAME = "PARLEY_SIGN_IN";

	/** Only the callback reads it; no other request carries it. */
	static final String COOKIE_PATH = "/login/oauth2/code";

	private static final Logger log = LoggerFactory.getLogger(AuthorizationRequestCookieRepository.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final byte[] ASSOCIATED_DATA = COOKIE_NAME.getBytes(StandardCharsets.US_ASCII);

	private final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	private final Duration timeToLive;

	private final Clock clock;

	AuthorizationRequestCookieRepository(SecretKey key, Duration timeToLive, Clock clock) {
		this.key = key;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	@Override
	public Mono<Void> saveAuthorizationRequest(OAuth2AuthorizationRequest request, ServerWebExchange exchange) {
		Assert.notNull(request, "request is required");
		Assert.isTrue(AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType()),
				"only the authorization code grant is kept in a cookie");
		Instant expiresAt = this.clock.instant().plus(this.timeToLive);
		Sealed sealed = new Sealed(expiresAt.getEpochSecond(), request.getAuthorizationUri(), request.getClientId(),
				request.getRedirectUri(), List.copyOf(request.getScopes()), request.getState(), request.getAdditionalParameters(),
				request.getAttributes());
		exchange.getResponse().addCookie(cookie(exchange, seal(JSON.writeValueAsBytes(sealed)), this.timeToLive));
		return Mono.empty();
	}

	@Override
	public Mono<OAuth2AuthorizationRequest> loadAuthorizationRequest(ServerWebExchange exchange) {
		return Mono.justOrEmpty(exchange.getRequest().getCookies().getFirst(COOKIE_NAME))
			.map(HttpCookie::getValue)
			.mapNotNull(this::open);
	}

	/** Used up at the callback, valid or not: the browser is told to drop it either way. */
	@Override
	public Mono<OAuth2AuthorizationRequest> removeAuthorizationRequest(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			if (exchange.getRequest().getCookies().containsKey(COOKIE_NAME)) {
				exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
			}
			return loadAuthorizationRequest(exchange);
		});
	}

	private static ResponseCookie cookie(ServerWebExchange exchange, String value, Duration maxAge) {
		// Lax, not Strict: the callback is a cross-site navigation from Keycloak, which Strict would send bare.
		// Secure follows the (forwarded) scheme, like the session cookie's.
		return ResponseCookie.from(COOKIE_NAME, value)
			.path(COOKIE_PATH)
			.httpOnly(true)
			.sameSite("Lax")
			.secure("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme()))
			.maxAge(maxAge)
			.build();
	}

	private String seal(byte[] plaintext) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(ASSOCIATED_DATA);
			byte[] ciphertext = cipher.doFinal(plaintext);
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is part of every JDK", ex);
		}
	}

	/**
	 * The request, or {@code null} for anything that is not a cookie this gateway sealed within its lifetime. Why
	 * at debug only: the audit log already has one line for the failed login, and this path is free to call for
	 * anyone, so it must not be a way to fill the log.
	 */
	private @Nullable OAuth2AuthorizationRequest open(String value) {
		Sealed sealed;
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(value);
			if (bytes.length <= IV_BYTES) {
				log.debug("sign-in cookie refused: too short");
				return null;
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
			cipher.updateAAD(ASSOCIATED_DATA);
			sealed = JSON.readValue(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), Sealed.class);
		}
		catch (IllegalArgumentException | GeneralSecurityException | JacksonException ex) {
			log.debug("sign-in cookie refused: not sealed by this gateway's key ({})", ex.getClass().getSimpleName());
			return null;
		}
		if (!this.clock.instant().isBefore(Instant.ofEpochSecond(sealed.expiresAt()))) {
			log.debug("sign-in cookie refused: expired");
			return null;
		}
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(sealed.authorizationUri())
			.clientId(sealed.clientId())
			.redirectUri(sealed.redirectUri())
			.scopes(new LinkedHashSet<>(sealed.scopes()))
			.state(sealed.state())
			.additionalParameters(sealed.additionalParameters())
			.attributes(sealed.attributes())
			.build();
	}

	/**
	 * What the cookie carries. Parameters and attributes are plain JSON values (Security puts strings there:
	 * registration id, nonce, code verifier, code challenge), which is all this format round-trips. Not the
	 * authorization request URI: the builder derives it from the rest again, and it would double the cookie.
	 * Scopes as a list, so they come back in their order and the derived URI is the same.
	 */
	record Sealed(long expiresAt, String authorizationUri, String clientId, @Nullable String redirectUri,
			List<String> scopes, @Nullable String state, Map<String, Object> additionalParameters,
			Map<String, Object> attributes) {
	}

}
