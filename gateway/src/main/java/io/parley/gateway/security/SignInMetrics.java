package io.parley.gateway.security;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code parley.gateway.sign.ins}: completed sign-ins (the callback from Keycloak) by {@code outcome}
 * ({@code succeeded}, {@code failed}) and, for failures, the OAuth2 {@code error} code. The code is taken only from
 * a fixed list: the callback's {@code error} parameter is whatever the caller put there, and a tag value per made-up
 * code would let anyone grow the metrics without bound. A wrong password never reaches the gateway (Keycloak answers
 * it on its own page); what counts here is a sign-in that came back and still failed: stale or forged state, a token
 * exchange Keycloak refused, an ID token that did not verify.
 */
final class SignInMetrics {

	static final String NAME = "parley.gateway.sign.ins";

	static final String OTHER = "other";

	/** RFC 6749's codes and the ones Spring Security's login uses for its own checks. */
	private static final Set<String> KNOWN_ERRORS = Set.of("invalid_request", "unauthorized_client", "access_denied",
			"unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable", "invalid_client",
			"invalid_grant", "unsupported_grant_type", "invalid_token", "authorization_request_not_found",
			"invalid_state_parameter", "invalid_redirect_uri_parameter", "client_registration_not_found",
			"invalid_token_response", "invalid_user_info_response", "missing_user_info_uri",
			"missing_user_name_attribute", "invalid_id_token", "invalid_nonce", "missing_signature_verifier");

	private final MeterRegistry meters;

	private final Counter succeeded;

	SignInMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.succeeded = counter("succeeded", "none");
		// registered at start, so a dashboard and an alert see 0 rather than nothing before the first failure
		counter("failed", OTHER);
	}

	void succeeded() {
		this.succeeded.increment();
	}

	void failed(String errorCode) {
		counter("failed", KNOWN_ERRORS.contains(errorCode) ? errorCode : OTHER).increment();
	}

	private Counter counter(String outcome, String error) {
		return Counter.builder(NAME)
			.description("Sign-ins completed at the gateway's OIDC callback")
			.tag("outcome", outcome)
			.tag("error", error)
			.register(this.meters);
	}

}
