package io.parley.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person signs in through the gateway on Keycloak's own login page, and identity, behind the gateway, knows who
 * they are. Real Keycloak, real gateway session, real Chromium; screenshots of each step land in
 * {@code target/e2e/screenshots} so a failing run can be looked at.
 */
class SignInJourneyTests extends BrowserTests {

	private static final String PASSWORD = "Parley-Demo-2026!";

	private BrowserContext context;

	private Page page;

	private String testName;

	private int step;

	@BeforeEach
	void newPerson(TestInfo info) {
		this.context = browser.newContext();
		this.page = this.context.newPage();
		this.testName = info.getTestMethod().orElseThrow().getName();
	}

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void givenPartnerEngineer_whenSigningInOnKeycloak_thenPortalShowsTheirNameFromIdentity() {
		this.page.navigate(Portal.BASE_URL + "/");
		signInOnKeycloak("partner.engineer");

		assertThat(this.page).hasURL(Portal.BASE_URL + "/");
		assertThat(this.page.locator("#user-name")).hasText("Pat Partner");
		screenshot("signed-in");
	}

	@Test
	void givenGovernmentLiaison_whenSigningIn_thenWrongCodeIsRefusedAndRightCodeLetsThemIn() {
		this.page.navigate(Portal.BASE_URL + "/");
		signInOnKeycloak("gov.liaison");

		// the password alone is not enough: Keycloak asks for the one-time code
		assertThat(this.page.locator("#otp")).isVisible();
		screenshot("asked-for-code");
		String right = Totp.unusedCode(Totp.DEMO_LIAISON_SECRET);
		String wrong = right.equals("000000") ? "111111" : "000000";
		this.page.fill("#otp", wrong);
		this.page.click("#kc-login");
		assertThat(this.page.locator("#otp")).isVisible();
		assertThat(this.page.getByText("Invalid authenticator code")).isVisible();
		assertThat(apiStatus("/api/identity/me", sessionCookies())).isEqualTo(401);
		screenshot("wrong-code-refused");

		this.page.fill("#otp", right);
		this.page.click("#kc-login");
		assertThat(this.page.locator("#user-name")).hasText("Gabriel Liaison");
		screenshot("signed-in");
	}

	@Test
	void givenSignedInPerson_whenSigningOut_thenOldSessionCookieGets401() {
		this.page.navigate(Portal.BASE_URL + "/");
		signInOnKeycloak("partner.engineer");
		assertThat(this.page.locator("#user-name")).hasText("Pat Partner");
		String cookiesBefore = sessionCookies();
		assertThat(apiStatus("/api/identity/me", cookiesBefore)).isEqualTo(200);

		this.page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
				new Page.GetByRoleOptions().setName("Sign out"))
			.click();
		// RP-initiated logout ends the Keycloak session too: the portal sends the person back to Keycloak, which
		// now asks for a password instead of signing them straight in again through its SSO cookie
		assertThat(this.page.locator("#username")).isVisible();
		this.page.navigate(Portal.BASE_URL + "/");
		assertThat(this.page.locator("#username")).isVisible();
		screenshot("signed-out");

		assertThat(apiStatus("/api/identity/me", cookiesBefore)).isEqualTo(401);
	}

	private void signInOnKeycloak(String username) {
		// Keycloak's own page: the portal never sees the password
		this.page.waitForURL(Pattern.compile("^http://127\\.0\\.0\\.1:8180/realms/parley/.*"));
		screenshot("keycloak-login");
		this.page.fill("#username", username);
		this.page.fill("#password", PASSWORD);
		this.page.click("#kc-login");
	}

	/** The gateway's cookies as the browser holds them, to replay outside the browser. */
	private String sessionCookies() {
		return this.context.cookies(Portal.BASE_URL)
			.stream()
			.map((Cookie cookie) -> cookie.name + "=" + cookie.value)
			.reduce((a, b) -> a + "; " + b)
			.orElse("");
	}

	private static int apiStatus(String path, String cookies) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Portal.BASE_URL + path))
			.header("Accept", "application/json")
			.header("X-Requested-With", "XMLHttpRequest");
		if (!cookies.isEmpty()) {
			request.header("Cookie", cookies);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void screenshot(String name) {
		Chromium.screenshot(this.page, this.testName, String.format("%02d-%s", ++this.step, name));
	}

}
