package io.parley.e2e;

import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/** Debian's Chromium, headless, with the flags that keep it off the network it cannot reach here. */
final class Chromium {

	private Chromium() {
	}

	static Browser launch(Playwright playwright) {
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(System.getProperty("e2e.chromium")))
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
	}

	/** Saves a full-page screenshot under {@code target/e2e/screenshots/<test>/}, for a failing run to be looked at. */
	static void screenshot(Page page, String test, String name) {
		Path file = Portal.outputDirectory().resolve("screenshots").resolve(test).resolve(name + ".png");
		page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
	}

}
