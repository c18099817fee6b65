package io.parley.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls the services directly with a person's own access token, as a gateway instance that never heard of a logout
 * would go on relaying it. The token comes from Keycloak for the person signed in in a browser context: an
 * authorization-code exchange with PKCE for devstack's gateway client, whose development secret is public (ADR 0025),
 * so the token is exactly what the gateway itself holds for that person.
 */
final class ServiceTokens {

	/** One read per service that a signed-in person of any organisation is allowed: 200 before, 401 after. */
	static final List<String> PERSON_ENDPOINTS = List.of("http://127.0.0.1:8081/api/identity/me",
			"http://127.0.0.1:8082/api/workspaces", "http://127.0.0.1:8083/api/notifications",
			"http://127.0.0.1:8084/api/rollouts/releases");

	private static final String KEYCLOAK = "http://127.0.0.1:8180/realms/parley/protocol/openid-connect";

	private static final String CLIENT_ID = "parley-gateway";

	private static final String CLIENT_SECRET = "parley-gateway-dev-secret";

	private static final String REDIRECT = Portal.BASE_URL + "/e2e-token-capture";

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ServiceTokens() {
	}

	/** Keycloak answers the person's SSO session with a code (no new sign-in); the code is redeemed here. */
	static String accessToken(BrowserContext signedIn) throws Exception {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		// Keycloak answers with a redirect to the gateway carrying the code; the request is seen whatever the gateway
		// then answers for this path
		Page page = signedIn.newPage();
		String redirectedTo;
		try {
			redirectedTo = page.waitForRequest(Pattern.compile("^" + Pattern.quote(REDIRECT) + ".*"),
					new Page.WaitForRequestOptions().setTimeout(20_000),
					() -> page.navigate(KEYCLOAK + "/auth?response_type=code&scope=openid&state=e2e&nonce=e2e&client_id="
							+ CLIENT_ID + "&redirect_uri=" + encode(REDIRECT)
							+ "&code_challenge_method=S256&code_challenge=" + challenge(verifier)))
				.url();
		}
		catch (PlaywrightException ex) {
			throw new AssertionError("Keycloak did not answer the signed-in person with a code; the page is at "
					+ page.url() + " showing: " + page.locator("body").innerText(), ex);
		}
		finally {
			page.close();
		}
		String code = URI.create(redirectedTo).getQuery().replaceAll(".*(?:^|&)code=([^&]+).*", "$1");
		String basic = Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
					+ "&redirect_uri=" + encode(REDIRECT) + "&code_verifier=" + verifier))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("Keycloak's token answer: %s", response.body()).isEqualTo(200);
		Matcher token = ACCESS_TOKEN.matcher(response.body());
		assertThat(token.find()).as("an access token in Keycloak's answer").isTrue();
		return token.group(1);
	}

	static int status(String url, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(5))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * Polls every service at once, each every 20 ms, and returns per service how long after {@code since} it first
	 * answered 401; fails if one still lets the token in after {@code atMost}.
	 */
	static Map<String, Duration> awaitRefusedEverywhere(String token, Instant since, Duration atMost) {
		Map<String, CompletableFuture<Duration>> polls = new LinkedHashMap<>();
		// a thread per service: the common pool has one thread on a 2-core machine and would poll them in turn
		ExecutorService pollers = Executors.newFixedThreadPool(PERSON_ENDPOINTS.size());
		for (String url : PERSON_ENDPOINTS) {
			polls.put(URI.create(url).getPort() + " " + URI.create(url).getPath(), CompletableFuture.supplyAsync(() -> {
				await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> status(url, token) == 401);
				return Duration.between(since, Instant.now());
			}, pollers));
		}
		try {
			Map<String, Duration> refusedAfter = new LinkedHashMap<>();
			polls.forEach((service, poll) -> refusedAfter.put(service, poll.join()));
			return refusedAfter;
		}
		finally {
			pollers.shutdownNow();
		}
	}

	private static String challenge(String verifier) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java has SHA-256", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
