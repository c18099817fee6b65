package io.parley.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 9457 answers written by the security filters, before any controller exists to do it. The {@code type}
 * values use the same {@code urn:parley:problem:} names as the services (see platform's ProblemTypes), so the
 * SPA branches on one vocabulary.
 */
public final class ProblemResponses {

	static final String UNAUTHENTICATED = "urn:parley:problem:unauthenticated";

	static final String CSRF_REJECTED = "urn:parley:problem:csrf-rejected";

	static final String IDENTITY_PROVIDER_UNAVAILABLE = "urn:parley:problem:identity-provider-unavailable";

	static final String RATE_LIMITED = "urn:parley:problem:rate-limited";

	static final String FORBIDDEN = "urn:parley:problem:forbidden";

	static final String SIGN_IN_CAPACITY_REACHED = "urn:parley:problem:sign-in-capacity-reached";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	/** 401 instead of a redirect: an XHR cannot follow a 302 to Keycloak's login page. */
	static ServerAuthenticationEntryPoint unauthenticated() {
		return (exchange, ex) -> write(exchange, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED,
				"Sign in first: GET /oauth2/authorization/keycloak in the browser.");
	}

	/** Only CSRF rejections reach this handler: authorisation is "authenticated or not" at the gateway. */
	static ServerAccessDeniedHandler csrfRejected() {
		return (exchange, ex) -> write(exchange, HttpStatus.FORBIDDEN, CSRF_REJECTED,
				"Missing or invalid CSRF token: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header.");
	}

	/**
	 * 401 for a session whose tokens can no longer be refreshed (Keycloak ended the session, or the refresh
	 * token expired): the same type as "no session", so the SPA simply sends the person to sign in again.
	 */
	static Mono<Void> sessionEnded(ServerWebExchange exchange) {
		return write(exchange, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED,
				"Your session has ended: sign in again (GET /oauth2/authorization/keycloak in the browser).");
	}

	/** 503: the access token needs renewing and Keycloak does not answer; the session is kept. */
	static Mono<Void> identityProviderUnavailable(ServerWebExchange exchange) {
		return identityProviderUnavailable(exchange,
				"Sign-in service unavailable: your session is kept, try again in a few seconds.");
	}

	/**
	 * 401 for a bearer request whose token is missing, malformed, expired, signed by someone else or meant for
	 * someone else. {@code WWW-Authenticate} names the RFC 6750 error; the body stays vague on purpose (which check
	 * failed helps a forger more than a pipeline), and says what a pipeline does about it.
	 */
	static ServerAuthenticationEntryPoint invalidBearerToken() {
		return (exchange, ex) -> {
			String error = (ex instanceof OAuth2AuthenticationException oauth2)
					? oauth2.getError().getErrorCode() : "invalid_token";
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"");
			return write(exchange, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED,
					"The bearer token is missing, malformed, expired or not issued for Parley: get a new access token "
							+ "from Keycloak's token endpoint (grant_type=client_credentials) and send it as "
							+ "Authorization: Bearer <token>.");
		};
	}

	/** 403 for a valid token that is not an organisation's API client's (a person's, taken from elsewhere). */
	static ServerAccessDeniedHandler notAnApiClient() {
		return (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
			return write(exchange, HttpStatus.FORBIDDEN, FORBIDDEN,
					"Bearer tokens are accepted from organisations' API clients only; people sign in with the browser.");
		};
	}

	/** 503: the realm's signing keys could not be read, so no bearer token can be checked right now. */
	static Mono<Void> signingKeysUnavailable(ServerWebExchange exchange) {
		return identityProviderUnavailable(exchange,
				"Keycloak's signing keys could not be read, so the token cannot be checked: try again in a few seconds.");
	}

	private static Mono<Void> identityProviderUnavailable(ServerWebExchange exchange, String detail) {
		exchange.getResponse().getHeaders().set("Retry-After", "5");
		return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, IDENTITY_PROVIDER_UNAVAILABLE, detail);
	}

	/** 429; the caller sets {@code Retry-After} first. */
	public static Mono<Void> rateLimited(ServerWebExchange exchange) {
		return write(exchange, HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED,
				"Too many requests: slow down and retry after the number of seconds in Retry-After.");
	}

	/**
	 * 503 for a sign-in while this gateway holds as many sessions as it may: refused before Keycloak is involved,
	 * so nobody signed in loses their session to make room.
	 */
	public static Mono<Void> signInCapacityReached(ServerWebExchange exchange, long retryAfterSeconds) {
		exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
		return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, SIGN_IN_CAPACITY_REACHED,
				"Too many people are signed in right now: try signing in again in a minute. "
						+ "Everyone already signed in can carry on.");
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("instance", exchange.getRequest().getPath().value());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer buffer = response.bufferFactory()
			.wrap(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
