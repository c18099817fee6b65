package io.parley.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A host admin invites a government liaison; the liaison follows the mailed link, sets a password and enrols
 * TOTP on Keycloak's own pages, signs in with a code, and is then offboarded: their open browser session is
 * refused, and every service refuses their token on its own within a second. Real Keycloak, real SMTP delivery
 * (devstack's GreenMail), real Chromium.
 */
class InvitationJourneyTests extends BrowserTests {

	private static final String ADMIN_PASSWORD = "Parley-Demo-2026!";

	private static final String NEW_PASSWORD = "Liaison-Fresh-Pass-2026";

	private static final Pattern INVITATION_LINK = Pattern
		.compile("http://127\\.0\\.0\\.1:8080/#/invitation/[A-Za-z0-9_-]+");

	private static final Pattern KEYCLOAK_ACTION_LINK = Pattern
		.compile("http://127\\.0\\.0\\.1:8180/realms/parley/login-actions/action-token\\?[^\"'\\s<>]+");

	private int step;

	@Test
	void givenInvitedGovernmentLiaison_whenOnboardedThroughKeycloakAndLaterOffboarded_thenTheirSessionIsRefused() throws Exception {
		String email = "liaison-" + UUID.randomUUID().toString().substring(0, 8) + "@gov-cert.example";
		try (BrowserContext adminContext = browser.newContext(); BrowserContext liaisonContext = browser.newContext()) {
			// the host admin signs in and invites the liaison into the government organisation
			Page admin = adminContext.newPage();
			admin.navigate(Portal.BASE_URL + "/");
			signInOnKeycloak(admin, "host.admin", ADMIN_PASSWORD);
			assertThat(admin.locator("#user-name")).hasText("Hana Host");
			Map<String, Object> invited = BrowserApi.call(admin, "POST", "/api/identity/organisations/gov-cert/invitations",
					"{\"name\":\"Grace Newcomer\",\"email\":\"" + email + "\",\"role\":\"MEMBER\"}");
			assertThat(invited.get("status")).isEqualTo(201);

			// Parley's mail carries the invitation link; the invitee accepts it in the portal
			Mailbox mailbox = new Mailbox(email);
			String invitationLink = firstMatch(INVITATION_LINK, mailbox.awaitMail(INVITATION_LINK.asPredicate()));
			Page liaison = liaisonContext.newPage();
			liaison.navigate(invitationLink);
			screenshot(liaison, "invitation-page");
			liaison.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept invitation")).click();
			assertThat(liaison.getByText("Check your e-mail")).isVisible();
			screenshot(liaison, "invitation-accepted");

			// Keycloak's own mail leads to Keycloak's own pages: password and TOTP are typed there only
			String actionLink = firstMatch(KEYCLOAK_ACTION_LINK,
					mailbox.awaitMail(KEYCLOAK_ACTION_LINK.asPredicate()).replace("&amp;", "&"));
			liaison.navigate(actionLink);
			String totpSecret = completeKeycloakRequiredActions(liaison);

			// back to the portal, as Keycloak's last page offers; signing in needs the password and a fresh code
			// (Keycloak refuses a code that was used once)
			assertThat(liaison.getByText("Your account has been updated").first()).isVisible();
			liaison.getByText("Back to Application").click();
			liaison.locator("#username, #user-name:not(:empty)").first().waitFor();
			if (liaison.locator("#username").isVisible()) {
				screenshot(liaison, "liaison-signs-in");
				signInOnKeycloak(liaison, email, NEW_PASSWORD);
				assertThat(liaison.locator("#otp")).isVisible();
				awaitNextTotpPeriod();
				liaison.fill("#otp", Totp.codeFromBase32(totpSecret, Instant.now()));
				liaison.click("#kc-login");
			}
			assertThat(liaison.locator("#user-name")).hasText("Grace Newcomer");
			screenshot(liaison, "liaison-signed-in");
			String liaisonCookies = cookies(liaisonContext);
			Map<String, Object> me = BrowserApi.call(liaison, "GET", "/api/identity/me", null);
			assertThat(me.get("status")).isEqualTo(200);
			String personId = String.valueOf(((Map<?, ?>) me.get("body")).get("id"));

			// the liaison's own access token, as a gateway instance that never hears of the logout would keep relaying
			// it: every service must refuse it by itself (issue 13, item 3)
			String token = ServiceTokens.accessToken(liaisonContext);
			for (String service : ServiceTokens.PERSON_ENDPOINTS) {
				assertThat(ServiceTokens.status(service, token)).as("%s before the offboarding", service).isEqualTo(200);
			}

			// the host admin offboards them; their open session is refused from then on
			Map<String, Object> offboarded = BrowserApi.call(admin, "POST", "/api/identity/people/" + personId + "/offboarding",
					"{}");
			Instant offboardedAt = Instant.now();
			assertThat(offboarded.get("status")).isIn(200, 202, 204);
			Map<String, Duration> refusedAfterByService = ServiceTokens.awaitRefusedEverywhere(token, offboardedAt,
					Duration.ofSeconds(5));
			System.out.printf("offboarding: each service refused the liaison's token on its own after %s%n",
					refusedAfterByService);
			assertThat(refusedAfterByService).allSatisfy((service, after) -> assertThat(after)
				.as("%s refused the offboarded liaison's token within a second", service)
				.isLessThan(Duration.ofSeconds(1)));
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> apiStatus("/api/identity/me", liaisonCookies) == 401);
			Duration refusedAfter = Duration.between(offboardedAt, Instant.now());
			System.out.printf("offboarding: the liaison's next request was refused %d ms after the call returned%n",
					refusedAfter.toMillis());
			// "at once": typically a few hundred ms here; the bound leaves room for a loaded 2-core machine and is still
			// far below the access token's remaining life, which is what the person would otherwise keep
			assertThat(refusedAfter).isLessThan(Duration.ofSeconds(2));
			liaison.reload();
			assertThat(liaison.locator("#username")).isVisible();
			screenshot(liaison, "liaison-refused-after-offboarding");
		}
	}

	/**
	 * Walks Keycloak's required-action pages in whatever order Keycloak puts them (set password, set up the
	 * authenticator) and returns the TOTP secret it showed.
	 */
	private String completeKeycloakRequiredActions(Page page) {
		String secret = null;
		for (int pages = 0; pages < 6; pages++) {
			page.waitForLoadState();
			screenshot(page, "keycloak-action");
			if (page.locator("#password-new").isVisible()) {
				page.fill("#password-new", NEW_PASSWORD);
				page.fill("#password-confirm", NEW_PASSWORD);
				page.locator("input[type=submit], button[type=submit]").first().click();
			}
			else if (page.locator("#totp").isVisible()) {
				page.locator("#mode-manual").click();
				secret = page.locator("#kc-totp-secret-key").innerText();
				page.fill("#totp", Totp.codeFromBase32(secret, Instant.now()));
				if (page.locator("#userLabel").isVisible()) {
					page.fill("#userLabel", "e2e authenticator");
				}
				page.locator("#saveTOTPBtn, input[type=submit], button[type=submit]").first().click();
			}
			else if (page.getByText("Click here to proceed").isVisible()) {
				page.getByText("Click here to proceed").click();
			}
			else {
				break;
			}
		}
		assertThat(secret).as("Keycloak asked the government liaison to set up TOTP").isNotNull();
		return secret;
	}

	private static void awaitNextTotpPeriod() {
		long period = Instant.now().getEpochSecond() / 30;
		await().atMost(Duration.ofSeconds(31))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Instant.now().getEpochSecond() / 30 > period);
	}

	private static String cookies(BrowserContext context) {
		return String.join("; ", context.cookies(Portal.BASE_URL)
			.stream()
			.map((cookie) -> cookie.name + "=" + cookie.value)
			.toList());
	}

	private static int apiStatus(String path, String cookies) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(Portal.BASE_URL + path))
			.header("Accept", "application/json")
			.header("Cookie", cookies)
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static String firstMatch(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as("a link matching %s in:%n%s", pattern, text).isTrue();
		return matcher.group();
	}

	private void screenshot(Page page, String name) {
		Chromium.screenshot(page, "invitation-journey", String.format("%02d-%s", ++this.step, name));
	}

}
