package io.parley.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a real port, Keycloak and the services stood in for by WireMock. Logins walk the real
 * authorization code flow (PKCE, nonce, signed ID token), so the session under test is the one a browser gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTests {

	static final KeycloakStub keycloak = new KeycloakStub();

	static final WireMockServer services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static {
		services.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		stubbedEnvironment(registry, keycloak, services, servicesUrl(services));
	}

	/** The gateway's environment pointing at the stubs, as a deployment would set it (ADR 0001). */
	static void stubbedEnvironment(DynamicPropertyRegistry registry, KeycloakStub keycloak, WireMockServer services,
			String notificationsUrl) {
		registry.add("KEYCLOAK_ISSUER_URI", keycloak::issuer);
		registry.add("PARLEY_GATEWAY_CLIENT_SECRET", () -> KeycloakStub.CLIENT_SECRET);
		registry.add("IDENTITY_URI", () -> servicesUrl(services));
		registry.add("WORKSPACE_URI", () -> servicesUrl(services));
		registry.add("NOTIFICATIONS_URI", () -> notificationsUrl);
		registry.add("ROLLOUTS_URI", () -> servicesUrl(services));
	}

	static String servicesUrl(WireMockServer services) {
		return "http://127.0.0.1:" + services.port();
	}

	@AfterAll
	static void stopStubs() {
		services.stop();
		keycloak.server.stop();
	}

	/** Where the gateway keeps the authorization request (state, nonce, PKCE verifier) until the callback. */
	static final String AUTHORIZATION_REQUEST_COOKIE = "PARLEY_SIGN_IN";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApplicationContext context;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = client(this.port);
		services.resetAll();
		services.stubFor(get(urlPathEqualTo("/api/identity/me")).willReturn(okJson("""
				{"id":"user-1","name":"Pat Partner","email":"pat@example.org","organisation":"acme-security",
				 "organisationType":"VENDOR","roles":["member"]}""")));
		services.stubFor(post(urlPathEqualTo("/api/workspaces"))
			.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{}")));
		keycloak.server.resetRequests();
	}

	@Test
	void givenNoSession_whenApiRequest_thenUnauthorizedProblemAndNoRedirect() {
		this.client.get()
			.uri("/api/identity/me")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist(HttpHeaders.LOCATION)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:unauthenticated")
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.instance")
			.isEqualTo("/api/identity/me");
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenNoSession_whenBrowserNavigatesToPage_thenRedirectedToLogin() {
		this.client.get()
			.uri("/some/page")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/oauth2/authorization/keycloak");
	}

	@Test
	void whenLoginStarts_thenRedirectedToIssuerAuthorizationEndpointWithPkceS256() {
		BrowserLogin.Started started = BrowserLogin.start(this.client);

		assertThat(started.location().toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
		Map<String, String> parameters = started.parameters();
		assertThat(parameters).containsEntry("response_type", "code")
			.containsEntry("client_id", KeycloakStub.CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("redirect_uri", "http://127.0.0.1:" + this.port + "/login/oauth2/code/keycloak")
			.containsKeys("code_challenge", "state", "nonce");
		assertThat(parameters.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
		assertThat(parameters.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
	}

	@Test
	void givenAuthorizationCode_whenExchanged_thenTokenRequestCarriesVerifierAndClientCredentials() {
		BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-pkce", "test-access-token", 300);

		String basic = Base64.getEncoder()
			.encodeToString((KeycloakStub.CLIENT_ID + ":" + KeycloakStub.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		keycloak.server.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Basic " + basic))
			.withRequestBody(containing("grant_type=authorization_code"))
			.withRequestBody(containing("code=test-code"))
			.withRequestBody(containing("code_verifier=")));
	}

	@Test
	void givenCallbackWithUnknownState_whenLoginCompletes_thenBackToStartPageWithErrorAndNoSession() {
		BrowserLogin.Started started = BrowserLogin.start(this.client);
		double failed = signInsFailed();

		assertSignInRefused(BrowserLogin.callback(this.client, started, "forged-state"));
		// the alert on sign-in failures counts it, under a known error code, not the caller's words
		assertThat(signInsFailed() - failed).isEqualTo(1);
		assertThat(this.context.getBean(MeterRegistry.class)
			.get("parley.gateway.sign.ins")
			.tag("outcome", "failed")
			.counters()).allSatisfy((counter) -> assertThat(counter.getId().getTag("error")).matches("[a-z_]+"));
	}

	private double signInsFailed() {
		return this.context.getBean(MeterRegistry.class)
			.get("parley.gateway.sign.ins")
			.tag("outcome", "failed")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Test
	void givenTamperedOrMissingSignInCookie_whenCallback_thenBackToStartPageWithErrorAndNoTokenRequest() {
		BrowserLogin.Started started = BrowserLogin.start(this.client);
		String sealed = started.cookies().get(AUTHORIZATION_REQUEST_COOKIE).getValue();
		// a character in the middle: every one of its bits is data (the last one's may be Base64 padding)
		int middle = sealed.length() / 2;
		String tampered = sealed.substring(0, middle) + ((sealed.charAt(middle) == 'A') ? 'B' : 'A')
				+ sealed.substring(middle + 1);

		for (Map<String, ResponseCookie> cookies : List.of(
				Map.of(AUTHORIZATION_REQUEST_COOKIE, ResponseCookie.from(AUTHORIZATION_REQUEST_COOKIE, tampered).build()),
				Map.<String, ResponseCookie>of())) {
			BrowserLogin.Started altered = new BrowserLogin.Started(started.location(), started.parameters(), cookies,
					started.headers());
			assertSignInRefused(BrowserLogin.callback(this.client, altered, started.state()));
		}
	}

	/** Back to the start page with the error the SPA turns into a retry; no session, no code exchanged. */
	private static void assertSignInRefused(WebTestClient.ResponseSpec callback) {
		ResponseCookie session = callback.expectStatus()
			.isFound()
			.expectHeader()
			.location("/?error=login")
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("SESSION");
		assertThat(session).isNull();
		keycloak.server.verify(0, postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH)));
	}

	@Test
	void givenSession_whenApiRequest_thenAccessTokenRelayedAndCookiesStripped() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-relay", "test-access-token", 300);

		this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.cookie("XSRF-TOKEN", "some-token")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Pat Partner");

		LoggedRequest forwarded = onlyRequest("/api/identity/me");
		assertThat(forwarded.getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer test-access-token");
		assertThat(forwarded.containsHeader(HttpHeaders.COOKIE)).isFalse();
	}

	@Test
	void givenSession_whenApiRequestProxied_thenW3cTraceparentSent() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-trace", "test-access-token", 300);

		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();

		assertThat(onlyRequest("/api/identity/me").getHeader("traceparent"))
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
	}

	@Test
	void givenAccessTokenAboutToExpire_whenApiRequest_thenRefreshedTokenRelayed() {
		// 30 s left is inside the refresh provider's 60 s clock skew: the next use must refresh first
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-refresh", "short-lived-token", 30);
		keycloak.stubRefresh("refreshed-access-token");

		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();

		keycloak.server.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token"))
			.withRequestBody(containing("refresh_token=test-refresh-token")));
		assertThat(onlyRequest("/api/identity/me").getHeader(HttpHeaders.AUTHORIZATION))
			.isEqualTo("Bearer refreshed-access-token");
	}

	@Test
	void givenAccessTokenExpiringAndRefreshRejected_whenApiRequest_thenSessionEndedAndUnauthorizedProblem() {
		// Keycloak has ended the SSO session (admin logout, idle timeout): the refresh token is refused
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-revoked", "short-lived-token", 30,
				"revoked-refresh-token");
		keycloak.stubRefreshRejected("revoked-refresh-token");

		this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.header("X-Requested-With", "XMLHttpRequest")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:unauthenticated");

		keycloak.server.verify(postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH))
			.withRequestBody(containing("refresh_token=revoked-refresh-token")));
		// never forwarded without a token, and the session is gone rather than failing the same way forever
		assertThat(services.getAllServeEvents()).isEmpty();
		assertSignedOut(session);
		keycloak.server.verify(1, postRequestedFor(urlPathEqualTo(KeycloakStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token")));
	}

	@Test
	void givenAccessTokenExpiringAndKeycloakUnavailable_whenApiRequest_thenServiceUnavailableAndSessionKept() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-kcdown", "short-lived-token", 30,
				"flaky-refresh-token");
		keycloak.stubRefreshUnavailable("flaky-refresh-token");

		this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:identity-provider-unavailable");
		assertThat(services.getAllServeEvents()).isEmpty();

		// Keycloak is back: the same session refreshes and is served
		keycloak.stubRefresh("flaky-refresh-token", "refreshed-after-outage");
		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
		assertThat(onlyRequest("/api/identity/me").getHeader(HttpHeaders.AUTHORIZATION))
			.isEqualTo("Bearer refreshed-after-outage");
	}

	@Test
	void givenSession_whenDocumentsAndAnnouncementsRequested_thenRoutedToWorkspaceWithBearer() {
		List<String> paths = List.of("/api/documents", "/api/documents/d-1", "/api/announcements",
				"/api/announcements/a-1/acknowledgements");
		paths.forEach((path) -> services.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("[]"))));
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-routes", "test-access-token", 300);

		for (String path : paths) {
			this.client.get().uri(path).cookie("SESSION", session).exchange().expectStatus().isOk();
			LoggedRequest forwarded = onlyRequest(path);
			assertThat(forwarded.getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer test-access-token");
			assertThat(forwarded.containsHeader(HttpHeaders.COOKIE)).isFalse();
		}
	}

	@Test
	void givenNoSession_whenBrowserOpensEventStream_thenUnauthorizedProblemNotRedirect() {
		// what EventSource sends: no X-Requested-With, Accept text/event-stream. A 302 to Keycloak would make it
		// retry against the login page forever; a 401 ends it, and the SPA sends the person to sign in.
		this.client.get()
			.uri("/api/notifications/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", "41")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.doesNotExist(HttpHeaders.LOCATION)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:unauthenticated");
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void whenStartPageRequested_thenRevalidatedOnEveryLoad() {
		for (String path : List.of("/", "/index.html")) {
			HttpHeaders headers = this.client.get()
				.uri(path)
				.accept(MediaType.TEXT_HTML)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseHeaders();
			assertThat(headers.getCacheControl()).as(path).isEqualTo("no-cache");
		}
	}

	@Test
	void whenHashedAssetRequested_thenCachedForAYearAsImmutable() {
		String page = this.client.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();
		Matcher asset = Pattern.compile("/assets/[A-Za-z0-9._-]+\\.js").matcher(page);
		assertThat(asset.find()).as("the start page names its hashed script").isTrue();

		this.client.get()
			.uri(asset.group())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
		// a missing asset is a 404 that nobody may cache for a year
		String missing = this.client.get()
			.uri("/assets/index-missing.js")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getCacheControl();
		assertThat(missing).doesNotContain("immutable");
	}

	@Test
	void givenSession_whenPostWithoutCsrfToken_thenForbiddenAndNotRouted() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-csrf1", "test-access-token", 300);

		this.client.post()
			.uri("/api/workspaces")
			.cookie("SESSION", session)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"Safer updates\"}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:parley:problem:csrf-rejected");
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenSession_whenPostWithCsrfCookieAndHeader_thenRoutedToService() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-csrf2", "test-access-token", 300);
		String csrf = csrfCookie(session);

		this.client.post()
			.uri("/api/workspaces")
			.cookie("SESSION", session)
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"Safer updates\"}")
			.exchange()
			.expectStatus()
			.isCreated();

		services.verify(postRequestedFor(urlPathEqualTo("/api/workspaces"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer test-access-token"))
			.withRequestBody(equalTo("{\"name\":\"Safer updates\"}")));
	}

	@Test
	void givenNoSession_whenInviteeAcceptsWithCsrfToken_thenRoutedWithoutBearer() {
		services.stubFor(post(urlPathEqualTo("/api/identity/invitations/acceptance"))
			.willReturn(aResponse().withStatus(202)));
		String csrf = anonymousCsrfToken();

		this.client.post()
			.uri("/api/identity/invitations/acceptance")
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"invitation-token\"}")
			.exchange()
			.expectStatus()
			.isAccepted();

		services.verify(postRequestedFor(urlPathEqualTo("/api/identity/invitations/acceptance"))
			.withoutHeader(HttpHeaders.AUTHORIZATION)
			.withRequestBody(equalTo("{\"token\":\"invitation-token\"}")));
	}

	@Test
	void givenNoSession_whenInviteeAcceptsWithoutCsrfToken_thenForbiddenAndNotRouted() {
		this.client.post()
			.uri("/api/identity/invitations/acceptance")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"invitation-token\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	@Test
	void givenNoSession_whenPostingToAnotherIdentityPath_thenRefusedAndNotRouted() {
		String csrf = anonymousCsrfToken();
		this.client.post()
			.uri("/api/identity/organisations")
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// path tricks do not stretch the one anonymous path: the firewall refuses them outright
		this.client.post()
			.uri("/api/identity/invitations/acceptance/../organisations")
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(services.getAllServeEvents()).isEmpty();
	}

	private String anonymousCsrfToken() {
		return anonymousCsrfToken(this.client);
	}

	/** What the SPA does before its first POST: load the start page, read XSRF-TOKEN. */
	static String anonymousCsrfToken(WebTestClient client) {
		ResponseCookie csrf = client.get()
			.uri("/")
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("XSRF-TOKEN");
		assertThat(csrf).isNotNull();
		return csrf.getValue();
	}

	@Test
	void whenFirstPageLoad_thenJavaScriptReadableCsrfCookieIssued() {
		ResponseCookie csrf = this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("XSRF-TOKEN");

		assertThat(csrf).isNotNull();
		assertThat(csrf.getValue()).isNotBlank();
		assertThat(csrf.isHttpOnly()).isFalse();
		assertThat(csrf.getPath()).isEqualTo("/");
	}

	@Test
	void whenStartPageServed_thenSecurityHeadersPresent() {
		EntityExchangeResult<byte[]> page = this.client.get().uri("/").exchange().expectStatus().isOk().expectBody().returnResult();

		assertSecurityHeaders(page.getResponseHeaders());
		assertThat(new String(page.getResponseBody(), StandardCharsets.UTF_8)).contains("id=\"user-name\"");
	}

	@Test
	void whenApiResponseProxied_thenSecurityHeadersPresent() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-headers", "test-access-token", 300);

		EntityExchangeResult<byte[]> api = this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();

		assertSecurityHeaders(api.getResponseHeaders());
	}

	@Test
	void givenPlainHttp_whenSignInStartsAndCompletes_thenNoSessionBeforeLoginAndCookiesHttpOnlyLaxNotSecure() {
		BrowserLogin.Started started = BrowserLogin.start(this.client);

		// nothing is kept on the server for someone who has not signed in: no session, so no session cookie
		assertThat(started.headers().containsHeader("Strict-Transport-Security")).isFalse();
		assertThat(started.cookies()).doesNotContainKey("SESSION").containsKey(AUTHORIZATION_REQUEST_COOKIE);
		ResponseCookie request = started.cookies().get(AUTHORIZATION_REQUEST_COOKIE);
		assertThat(request.isHttpOnly()).isTrue();
		assertThat(request.getSameSite()).isEqualTo("Lax");
		assertThat(request.isSecure()).isFalse();
		assertThat(request.getPath()).isEqualTo("/login/oauth2/code");
		assertThat(request.getMaxAge()).isPositive();

		EntityExchangeResult<byte[]> callback = completeSignIn(started, "kc-sid-cookie", (headers) -> {
		});
		ResponseCookie session = callback.getResponseCookies().getFirst("SESSION");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		assertThat(session.isSecure()).isFalse();
		// the authorization request is used up: the browser is told to drop it
		ResponseCookie used = callback.getResponseCookies().getFirst(AUTHORIZATION_REQUEST_COOKIE);
		assertThat(used).isNotNull();
		assertThat(used.getMaxAge()).isZero();
	}

	@Test
	void givenHttpsAtTheProxy_whenSignInStartsAndCompletes_thenCookiesSecureAndHstsSent() {
		BrowserLogin.Started started = BrowserLogin.start(this.client, GatewayIntegrationTests::forwardedHttps);

		assertThat(started.headers().containsHeader("Strict-Transport-Security")).isTrue();
		assertThat(started.parameters()).containsEntry("redirect_uri",
				"https://parley.example.org/login/oauth2/code/keycloak");
		ResponseCookie request = started.cookies().get(AUTHORIZATION_REQUEST_COOKIE);
		assertThat(request.isSecure()).isTrue();
		assertThat(request.isHttpOnly()).isTrue();

		EntityExchangeResult<byte[]> callback = completeSignIn(started, "kc-sid-https",
				GatewayIntegrationTests::forwardedHttps);
		assertThat(callback.getResponseHeaders().containsHeader("Strict-Transport-Security")).isTrue();
		ResponseCookie session = callback.getResponseCookies().getFirst("SESSION");
		assertThat(session).isNotNull();
		assertThat(session.isSecure()).isTrue();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
	}

	private EntityExchangeResult<byte[]> completeSignIn(BrowserLogin.Started started, String sid,
			Consumer<HttpHeaders> headers) {
		keycloak.stubCodeExchange("user-1", sid, started.parameters().get("nonce"), "test-access-token", 300);
		return BrowserLogin.callback(this.client, started, started.state(), headers)
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
	}

	private static void forwardedHttps(HttpHeaders headers) {
		headers.set("X-Forwarded-Proto", "https");
		headers.set("X-Forwarded-Host", "parley.example.org");
		headers.set("X-Forwarded-Port", "443");
	}

	@Test
	void givenSession_whenLogoutWithCsrfToken_thenRedirectedToKeycloakEndSessionAndSessionGone() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-logout", "test-access-token", 300);
		String csrf = csrfCookie(session);

		URI location = this.client.post()
			.uri("/logout")
			.cookie("SESSION", session)
			.cookie("XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("_csrf", csrf))
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();

		assertThat(location.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/logout?");
		Map<String, String> parameters = UriComponentsBuilder.fromUri(location).build().getQueryParams().toSingleValueMap();
		assertThat(parameters).containsKey("id_token_hint");
		assertThat(java.net.URLDecoder.decode(parameters.get("post_logout_redirect_uri"), StandardCharsets.UTF_8))
			.isEqualTo("http://127.0.0.1:" + this.port + "/");
		assertSignedOut(session);
	}

	@Test
	void givenSession_whenLogoutWithoutCsrfToken_thenForbiddenAndStillSignedIn() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-logout2", "test-access-token", 300);

		this.client.post()
			.uri("/logout")
			.cookie("SESSION", session)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("reason", "cross-site form"))
			.exchange()
			.expectStatus()
			.isForbidden();

		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
	}

	@Test
	void givenTwoSessions_whenValidBackChannelLogoutForOne_thenOnlyThatSessionEnded() {
		String ended = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-bc1", "test-access-token", 300);
		String kept = BrowserLogin.login(this.client, keycloak, "user-2", "kc-sid-bc2", "test-access-token", 300);

		// no session cookie and no CSRF token: this is Keycloak calling, server to server
		this.client.post()
			.uri("/logout/connect/back-channel/keycloak")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("logout_token", keycloak.logoutToken("user-1", "kc-sid-bc1")))
			.exchange()
			.expectStatus()
			.isOk();

		assertSignedOut(ended);
		this.client.get().uri("/api/identity/me").cookie("SESSION", kept).exchange().expectStatus().isOk();
	}

	@Test
	void givenSession_whenBackChannelLogoutTokenSignedByAnotherKey_thenRejectedAndSessionKept() {
		String session = BrowserLogin.login(this.client, keycloak, "user-1", "kc-sid-bc3", "test-access-token", 300);

		this.client.post()
			.uri("/logout/connect/back-channel/keycloak")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("logout_token", keycloak.logoutTokenSignedByStranger("user-1", "kc-sid-bc3")))
			.exchange()
			.expectStatus()
			.isBadRequest();

		this.client.get().uri("/api/identity/me").cookie("SESSION", session).exchange().expectStatus().isOk();
	}

	@Test
	void whenProbesRequestedOnThePublicPort_thenAnswered() {
		// for a load balancer or orchestrator that only reaches the public port
		this.client.get().uri("/livez").exchange().expectStatus().isOk();
		this.client.get().uri("/readyz").exchange().expectStatus().isOk();
	}

	@Test
	void whenMetricsRequestedOnThePublicPort_thenRefused() {
		for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/env", "/actuator")) {
			int status = this.client.get()
				.uri(path)
				.exchange()
				.expectBody()
				.returnResult()
				.getStatus()
				.value();
			assertThat(status).as(path).isIn(401, 404);
		}
	}

	@Test
	void whenProbesAndMetricsRequestedOnTheManagementPort_thenServed() {
		WebTestClient management = client(this.managementPort);
		management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes")
				.contains("parley_gateway_sign_ins_total{application=\"gateway\",error=\"other\",outcome=\"failed\"}"));
		assertThat(this.managementPort).isNotEqualTo(this.port);
	}

	@Test
	void givenDefaultProfile_whenStarted_thenNoRedisConnectionConfigured() {
		// sessions stay in memory: nothing may try to reach a Redis server unless the redis profile is active
		assertThat(this.context.getBeanNamesForType(ReactiveRedisConnectionFactory.class)).isEmpty();
	}

	private void assertSignedOut(String session) {
		this.client.get()
			.uri("/api/identity/me")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	/** What the SPA does: load a page, then read XSRF-TOKEN. */
	/**
	 * A fresh connection per request. A pooled connection reused after the server refused a request whose body it
	 * never read (CSRF 403, firewall 400) has hung the next request now and then (Reactor Netty keep-alive), which
	 * made unrelated tests time out; a browser opens new connections freely, so this loses nothing.
	 */
	static WebTestClient client(int port) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
			// the 5 s default is too tight for a first request on a busy 2-core CI machine
			.responseTimeout(Duration.ofSeconds(30))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
	}

	private String csrfCookie(String session) {
		ResponseCookie csrf = this.client.get()
			.uri("/")
			.cookie("SESSION", session)
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseCookies()
			.getFirst("XSRF-TOKEN");
		assertThat(csrf).isNotNull();
		return csrf.getValue();
	}

	private void assertSecurityHeaders(HttpHeaders headers) {
		URI issuer = URI.create(keycloak.issuer());
		assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo("default-src 'self'; script-src 'self'; "
				+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
				+ "object-src 'none'; form-action 'self' http://127.0.0.1:" + issuer.getPort());
		assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(headers.get("X-Frame-Options")).containsExactly("DENY");
		assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
	}

	private static LoggedRequest onlyRequest(String path) {
		List<LoggedRequest> requests = services.findAll(getRequestedFor(urlPathEqualTo(path)));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
