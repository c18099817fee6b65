package io.parley.e2e;

import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every whole-system test shares: the running portal, one Playwright and one Chromium per test class (so a
 * class whose browser the {@link Watchdog} had to end does not take the next classes down with it), and the
 * watchdog's limit on every test method, {@code @BeforeAll} and {@code @AfterAll}.
 */
@ExtendWith({ Portal.class, Watchdog.class })
abstract class BrowserTests {

	private static Playwright playwright;

	protected static Browser browser;

	@BeforeAll
	static void launchBrowser() {
		// the first call through a freshly started portal (JIT, the services' first JWKS fetch) can take seconds
		// on a busy 2-core machine; a person would wait that long too
		PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
		playwright = Playwright.create();
		browser = Chromium.launch(playwright);
	}

	/** Keycloak's own login page: the portal never sees the password. */
	protected static void signInOnKeycloak(Page page, String username, String password) {
		page.waitForURL(Pattern.compile("^http://127\\.0\\.0\\.1:8180/realms/parley/.*"));
		page.fill("#username", username);
		page.fill("#password", password);
		page.click("#kc-login");
	}

	@AfterAll
	static void closeBrowser() {
		// Playwright.close() closes the browser it launched as well, and unlike Browser.close() it also works when the
		// watchdog has ended the driver (and the browser with it)
		Playwright closing = playwright;
		playwright = null;
		browser = null;
		if (closing != null) {
			closing.close();
		}
	}

}
