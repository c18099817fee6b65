package io.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every whole-system test shares: the running portal and one Chromium per test class. */
@ExtendWith(Portal.class)
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

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

}
