package io.parley.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20's rollout, in real Chromium against the real stack with the real Keycloak: a portal admin lowers the
 * policy's minimum soak to seconds (so the journey fits in a couple of minutes) and creates the partner's API
 * client on the partner organisation's page, its secret shown once; the partner engineer declares a three-ring
 * content update in a workspace where the host and a government liaison are members, schedules and starts it; the
 * pipeline gets a token from Keycloak with its client credentials and posts healthy reports for ring 1 through the
 * gateway; the host says go on the release page; the engineer advances and ring 2 starts; a report with boot
 * failures over the gate halts the release, and the liaison, signed in (with TOTP) in a browser of their own since
 * before the halt, sees it arrive in their inbox and on their bell without reloading. Screenshots of each step land
 * in {@code target/e2e/screenshots/rollout-journey/}; the release page with its charts after the halt is the one the
 * README shows ({@code docs/screenshots/rollout-release.png}).
 */
class RolloutJourneyTests extends BrowserTests {

	private static final Pattern RELEASE_URL = Pattern.compile("#/rollouts/releases/([0-9a-f-]{36})");

	private static final String TOKEN_URL = "http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token";

	/** Each ring soaks this long; the policy's minimum is lowered to {@link #MINIMUM_SOAK} for it. */
	private static final int SOAK_SECONDS = 3;

	private static final String MINIMUM_SOAK = "PT2S";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final Gson GSON = new Gson();

	private int step;

	@Test
	void givenPartnerPipelineAndHost_whenRingOneIsHealthyAndRingTwoBreachesItsGate_thenItHaltsAndTheLiaisonSeesItLive() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String workspaceName = "Sensor content rollout " + suffix;
		String product = "Falcon channel files";
		String version = "291." + suffix;
		String clientName = "Release pipeline " + suffix;
		try (BrowserContext adminContext = browser.newContext();
				BrowserContext engineerContext = browser.newContext();
				BrowserContext liaisonContext = browser.newContext()) {
			// everyone signs in first (identity learns of the demo people at their first sign-in); the liaison's
			// browser stays open from here on, with a second factor
			Page engineer = signIn(engineerContext, "partner.engineer", "Pat Partner");
			Page liaison = signIn(liaisonContext, "gov.liaison", "Gabriel Liaison");
			Page admin = signIn(adminContext, "host.admin", "Hana Host");

			// the portal admin lets rings soak for seconds (the policy's default minimum is an hour)
			Map<String, Object> policy = BrowserApi.call(admin, "GET", "/api/rollouts/policy", null);
			assertThat(policy.get("status")).as("GET policy: %s", policy).isEqualTo(200);
			Map<?, ?> before = (Map<?, ?>) policy.get("body");
			Map<String, Object> changed = BrowserApi.call(admin, "PUT", "/api/rollouts/policy",
					policyJson(before, MINIMUM_SOAK));
			assertThat(changed.get("status")).as("PUT policy: %s", changed).isEqualTo(200);

			// the host's workspace for the partner's update, the government liaison reading along
			String workspace = createWorkspace(admin, workspaceName,
					"Staged rollout of the partner's sensor content updates, with the regulator watching.",
					(page) -> screenshot(page, "admin-creates-workspace"));
			addMember(admin, "Pat Partner", "CONTRIBUTOR");
			addMember(admin, "Gabriel Liaison", "READER");

			// an API client for the partner's pipeline, on the partner organisation's page: the secret is shown once
			Client client = createApiClient(admin, "acme-security", clientName);
			try {
				// the engineer declares a three-ring content update whose first ring needs the host's go
				String release = declare(engineer, workspaceName, product, version);
				screenshot(engineer, "release-declared");

				// schedules it a moment from now (the page's schedule field is to the minute) and starts ring 1
				Instant start = schedule(engineer, release);
				await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(start.plusMillis(200)));
				engineer.reload();
				clickAction(engineer, "Start ring 1");
				assertThat(engineer.getByText("Ring 1 of 3 (Canary)").first()).isVisible();
				screenshot(engineer, "ring-1-started");

				// the pipeline signs in to Keycloak as its client, and reports ring 1 healthy through the gateway
				String token = clientCredentialsToken(client);
				Instant observed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
				for (int report = 0; report < 3; report++) {
					HttpResponse<String> healthy = report(token, release, 0, observed.plusSeconds(report),
							"ring1-" + report, 400L * (report + 1), 380L * (report + 1), report, 0);
					assertThat(healthy.statusCode()).as("healthy report: %s", healthy.body()).isEqualTo(201);
					assertThat(healthy.body()).contains("\"halted\":false");
				}
				// a retry of the last report after a lost answer is the first answer, applied once
				HttpResponse<String> replayed = report(token, release, 0, observed.plusSeconds(2), "ring1-2", 1200,
						1140, 2, 0);
				assertThat(replayed.statusCode()).as("replayed report: %s", replayed.body()).isEqualTo(200);

				// the host says go on the release page
				admin.navigate(Portal.BASE_URL + "/#/rollouts/releases/" + release);
				clickAction(admin, "Go");
				assertThat(admin.getByRole(AriaRole.TABLE,
						new Page.GetByRoleOptions().setName("Ring 1 (Canary): sign-offs")))
					.containsText("Go");
				screenshot(admin, "host-says-go");

				// the engineer advances once the soak is over: ring 2 starts
				engineer.reload();
				assertThat(engineer.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(Pattern
					.compile("^Ring 1 \\(Canary\\): failure rates per thousand devices over time, against their gates"))))
					.isVisible();
				Instant soakEnds = soakEndsAt(engineer, release, 0);
				await().atMost(Duration.ofSeconds(SOAK_SECONDS + 5)).until(() -> Instant.now().isAfter(soakEnds));
				clickAction(engineer, "Advance to ring 2");
				assertThat(engineer.getByText("Ring 2 of 3 (Early adopters)").first()).isVisible();
				screenshot(engineer, "ring-2-started");

				// the liaison follows in their inbox, which the bell's stream keeps current; a marker on the window
				// proves below that nothing reloaded the page
				liaison.navigate(Portal.BASE_URL + "/#/inbox");
				assertThat(liaison.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Inbox")))
					.isVisible();
				liaison.evaluate("() => { window.rolloutJourneyMarker = 'not reloaded'; }");
				// (Playwright hands the pattern to the browser: JavaScript syntax, so no Pattern.quote)
				Locator halts = liaison.getByText(Pattern.compile("Stop the line: .*" + version.replace(".", "\\.")));
				assertThat(halts).hasCount(0);

				// ring 2's first report: boot failures far over the gate of 1 per mille stop the line
				HttpResponse<String> bad = report(token, release, 1, Instant.now().truncatedTo(ChronoUnit.MILLIS),
						"ring2-0", 2000, 1600, 1, 24);
				assertThat(bad.statusCode()).as("bad report: %s", bad.body()).isEqualTo(201);
				assertThat(bad.body()).contains("\"halted\":true");

				// the engineer's page shows the halt with its reason; the chart shows the breach
				assertThat(engineer.getByText("Halted automatically: a health gate was breached")).isVisible();
				engineer.reload();
				Locator ringTwo = engineer.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(Pattern
					.compile("^Ring 2 \\(Early adopters\\): failure rates per thousand devices over time")));
				assertThat(ringTwo).isVisible();
				screenshot(engineer, "release-halted");
				readmeScreenshot(engineer);

				// the liaison sees it arrive, pushed over the event stream: the halt in the inbox and on the bell
				assertThat(halts.first()).isVisible();
				assertThat(liaison.locator("a.bell")).hasAttribute("aria-label",
						Pattern.compile("Notifications, \\d+ unread"));
				assertThat(liaison.evaluate("() => window.rolloutJourneyMarker")).isEqualTo("not reloaded");
				screenshot(liaison, "liaison-sees-halt");
			}
			finally {
				// the organisation may hold 20 clients; and the policy goes back to what it was
				BrowserApi.call(admin, "DELETE", "/api/identity/organisations/acme-security/clients/" + client.id(), null);
				BrowserApi.call(admin, "PUT", "/api/rollouts/policy",
						policyJson(before, String.valueOf(before.get("minimumSoak"))));
			}
		}
	}

	/** The API clients section of an organisation's page: creates one, reads its id and the secret shown once. */
	private Client createApiClient(Page admin, String organisation, String name) {
		admin.navigate(Portal.BASE_URL + "/#/organisation/" + organisation);
		Locator section = admin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("API clients"));
		section.getByLabel(Pattern.compile("^Name \\(what uses it")).fill(name);
		section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create API client")).click();
		Locator issued = section.getByRole(AriaRole.GROUP,
				new Locator.GetByRoleOptions().setName("API client " + name + " created"));
		assertThat(issued).containsText("Parley shows it only this once");
		String clientId = issued.locator("code").first().textContent().trim();
		String secret = issued.getByLabel("Client secret").inputValue();
		assertThat(clientId).startsWith("api-" + organisation + "-");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
		screenshot(admin, "api-client-secret-shown-once");
		issued.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("I have stored the secret")).click();
		assertThat(issued).hasCount(0);
		// listed from now on, and its secret nowhere on the page
		assertThat(section.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName(name)))
			.containsText(clientId);
		assertThat(admin.locator("body")).not().containsText(secret);
		return new Client(clientId, secret);
	}

	/**
	 * Fills the declare form: three rings (the form's Canary, Early adopters, Everyone) soaking a few seconds each,
	 * ring 1 needing the host's go; TLP:AMBER, so every member of the workspace reads it. Returns the release's id.
	 */
	private String declare(Page engineer, String workspaceName, String product, String version) {
		engineer.navigate(Portal.BASE_URL + "/#/rollouts/new");
		engineer.getByLabel("Workspace").selectOption(new SelectOption().setLabel(workspaceName));
		engineer.getByLabel("Product").fill(product);
		engineer.getByLabel("Version").fill(version);
		engineer.getByLabel("Kind").selectOption("CONTENT_UPDATE");
		engineer.getByLabel("Summary")
			.fill("Channel file update for the sensor's behavioural detections; rings may not be skipped.");
		engineer.getByLabel("TLP:AMBER", new Page.GetByLabelOptions().setExact(true)).check();
		for (int ring = 1; ring <= 3; ring++) {
			engineer.getByLabel("Minimum soak time (ring " + ring + "), amount").fill(String.valueOf(SOAK_SECONDS));
			engineer.getByLabel("Minimum soak time (ring " + ring + "), unit").selectOption("seconds");
		}
		engineer.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Organisations whose go ring 1 needs"))
			.getByLabel("host", new Locator.GetByLabelOptions().setExact(true))
			.check();
		screenshot(engineer, "declare-form");
		// rollouts hears of the workspace and its members through events: a declaration a moment too early is
		// refused in words ("not known yet"), and a person tries again
		Locator declare = engineer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Declare release"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			declare.click();
			engineer.locator("[role=alert], #page-heading:not(:text('Declare a release'))").first().waitFor();
			return RELEASE_URL.matcher(engineer.url()).find();
		});
		return group(RELEASE_URL, engineer.url());
	}

	/**
	 * Schedules the release two seconds ahead, through the engineer's session as the page would; when the answer
	 * comes later than that (a loaded machine: "start … is in the past"), further ahead.
	 */
	private static Instant schedule(Page engineer, String release) {
		for (int ahead = 2;; ahead *= 2) {
			Instant start = Instant.now().plusSeconds(ahead).truncatedTo(ChronoUnit.MILLIS);
			Map<String, Object> scheduled = BrowserApi.call(engineer, "POST",
					"/api/rollouts/releases/" + release + "/schedule", "{\"start\":\"" + start + "\"}");
			if (!Integer.valueOf(400).equals(scheduled.get("status")) || ahead >= 8) {
				assertThat(scheduled.get("status")).as("schedule: %s", scheduled).isEqualTo(200);
				return start;
			}
		}
	}

	/** The policy as {@code PUT /api/rollouts/policy} takes it, with another minimum soak. */
	private static String policyJson(Map<?, ?> policy, String minimumSoak) {
		JsonObject json = new JsonObject();
		json.add("kernelModeKinds", GSON.toJsonTree(policy.get("kernelModeKinds")));
		json.addProperty("hostSignOffBeforeLeavingFirstRing", (Boolean) policy.get("hostSignOffBeforeLeavingFirstRing"));
		json.addProperty("minimumRings", ((Number) policy.get("minimumRings")).intValue());
		json.addProperty("minimumSoak", minimumSoak);
		json.addProperty("kernelModeStartsPerDay", ((Number) policy.get("kernelModeStartsPerDay")).intValue());
		return json.toString();
	}

	/** When the ring's soak ends, as the release says. */
	private static Instant soakEndsAt(Page page, String release, int ring) {
		Map<String, Object> answer = BrowserApi.call(page, "GET", "/api/rollouts/releases/" + release, null);
		assertThat(answer.get("status")).as("release: %s", answer).isEqualTo(200);
		Map<?, ?> rings = (Map<?, ?>) ((List<?>) ((Map<?, ?>) answer.get("body")).get("rings")).get(ring);
		return Instant.parse(String.valueOf(rings.get("soakEndsAt"))).plusMillis(200);
	}

	/** Clicks an action in the release page's "What you can do" and waits for its request to be answered. */
	private static void clickAction(Page page, String name) {
		Locator actions = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("What you can do"));
		Locator button = actions.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
		page.waitForResponse((response) -> response.request().method().equals("POST")
				&& response.url().contains("/api/rollouts/releases/"), button::click);
		assertThat(actions.getByRole(AriaRole.ALERT)).hasCount(0);
	}

	/** Keycloak's client-credentials grant, as the partner's pipeline does it: a token that names its organisation. */
	private static String clientCredentialsToken(Client client) {
		String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client.id(), StandardCharsets.UTF_8)
				+ "&client_secret=" + URLEncoder.encode(client.secret(), StandardCharsets.UTF_8);
		HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(TOKEN_URL))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		assertThat(answer.statusCode()).as("token: %s", answer.body()).isEqualTo(200);
		String token = JsonParser.parseString(answer.body()).getAsJsonObject().get("access_token").getAsString();
		JsonObject claims = JsonParser
			.parseString(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
			.getAsJsonObject();
		assertThat(claims.get("org").getAsString()).isEqualTo("acme-security");
		assertThat(claims.get("azp").getAsString()).isEqualTo(client.id());
		assertThat(claims.getAsJsonObject("realm_access").get("roles").toString()).contains("\"machine\"");
		return token;
	}

	/** One health report through the gateway with the pipeline's bearer token. */
	private static HttpResponse<String> report(String token, String release, int ring, Instant observedAt, String key,
			long updated, long reporting, long crashes, long bootFailures) {
		String body = "{\"observedAt\":\"" + observedAt + "\",\"devicesUpdated\":" + updated + ",\"devicesReporting\":"
				+ reporting + ",\"crashes\":" + crashes + ",\"bootFailures\":" + bootFailures + ",\"rollbacks\":0}";
		return send(HttpRequest
			.newBuilder(URI.create(Portal.BASE_URL + "/api/rollouts/releases/" + release + "/rings/" + ring + "/health"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Idempotency-Key", release + "-" + key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(request.uri() + ": " + ex, ex);
		}
	}

	/**
	 * The release page from its title to the end of ring 2's chart, for the README
	 * ({@code docs/screenshots/rollout-release.png} is a copy of it): {@code target/e2e/screenshots/rollout-release.png}.
	 */
	private static void readmeScreenshot(Page page) {
		BoundingBox ringTwo = page
			.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName(Pattern.compile("^Ring 2 \\(Early adopters\\)")))
			.boundingBox();
		// the box is in the viewport's coordinates, the clip of a full-page screenshot in the page's
		double bottom = ((Number) page.evaluate("() => window.scrollY")).doubleValue() + ringTwo.y + ringTwo.height + 16;
		page.screenshot(new Page.ScreenshotOptions()
			.setPath(Portal.outputDirectory().resolve("screenshots").resolve("rollout-release.png"))
			.setFullPage(true)
			.setClip(0, 0, page.viewportSize().width, bottom));
	}

	private void screenshot(Page page, String name) {
		Chromium.screenshot(page, "rollout-journey", String.format("%02d-%s", ++this.step, name));
	}

	/** The partner's API client, as its admin saw it once. */
	private record Client(String id, String secret) {

		@Override
		public String toString() {
			return "Client[" + this.id + "]";
		}

	}

}
