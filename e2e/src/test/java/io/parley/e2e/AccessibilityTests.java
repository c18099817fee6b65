package io.parley.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main pages of the web app, signed in as a partner engineer, checked by axe-core (the copy npm installed for
 * {@code web/}, so no download) in the same Chromium: no serious or critical violations, on a laptop and a tablet.
 * Screenshots and each page's full axe report land in {@code target/e2e}.
 */
class AccessibilityTests extends BrowserTests {

	private static final String PASSWORD = "Parley-Demo-2026!";

	/** The pages every signed-in person has, by their link text in the main navigation and their heading. */
	private static final List<String> MAIN_PAGES = List.of("My workspaces", "Inbox", "Profile");

	private static final String RUN_AXE = """
			async () => {
			  const result = await axe.run(document, {
			    resultTypes: ['violations'],
			    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
			  });
			  return result.violations.map((v) => ({
			    id: v.id,
			    impact: v.impact || 'unknown',
			    help: v.help,
			    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | '),
			  }));
			}""";

	private static String axeSource;

	private BrowserContext context;

	private Page page;

	private String testName;

	private int step;

	@BeforeAll
	static void loadAxe() throws IOException {
		Path axe = Path.of(System.getProperty("e2e.axe", "../web/node_modules/axe-core/axe.min.js"));
		if (!Files.isRegularFile(axe)) {
			throw new IllegalStateException(axe.toAbsolutePath().normalize()
					+ " is missing: build web/ first (npm ci installs axe-core as a devDependency)");
		}
		axeSource = Files.readString(axe, StandardCharsets.UTF_8);
	}

	@BeforeEach
	void name(TestInfo info) {
		this.testName = info.getTestMethod().orElseThrow().getName();
	}

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void givenPartnerEngineer_whenMainPagesOpen_thenAxeFindsNoSeriousOrCriticalViolations() {
		// axe arrives as an inline <script>, which the portal's CSP (script-src 'self') rightly refuses: only this
		// context bypasses it. The test below proves the app itself needs no such exception.
		this.context = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true).setViewportSize(1280, 800));
		this.page = this.context.newPage();
		signIn("partner.engineer", "Pat Partner");

		List<String> serious = new ArrayList<>();
		for (String section : MAIN_PAGES) {
			open(section);
			serious.addAll(axe("laptop-" + slug(section)));
		}
		this.page.setViewportSize(768, 1024);
		for (String section : MAIN_PAGES) {
			open(section);
			serious.addAll(axe("tablet-" + slug(section)));
		}

		assertThat(serious).as("serious or critical axe violations (full reports in %s)", reportDirectory()).isEmpty();
	}

	@Test
	void givenOwnerOfAWorkspaceWithADocument_whenItsPagesOpen_thenAxeFindsNoSeriousOrCriticalViolations() {
		this.context = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true).setViewportSize(1280, 800));
		this.page = this.context.newPage();
		signIn("host.admin", "Hana Host");
		Map<String, Object> created = BrowserApi.call(this.page, "POST", "/api/workspaces",
				"{\"name\":\"Accessibility check\",\"purpose\":\"Pages with content\",\"labelCeiling\":\"TLP:AMBER\"}");
		assertThat(created.get("status")).isEqualTo(201);
		String workspace = String.valueOf(((Map<?, ?>) created.get("body")).get("id"));
		// a small PDF through the same multipart upload the page uses
		Object document = this.page.evaluate("""
				async ([workspace]) => {
				  const csrf = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='))?.split('=')[1];
				  const form = new FormData();
				  form.append('label', 'TLP:GREEN');
				  form.append('file', new File(['%PDF-1.7\\nrollout rings\\n%%EOF\\n'], 'rings.pdf', { type: 'application/pdf' }));
				  const response = await fetch(`/api/workspaces/${workspace}/documents`, { method: 'POST', body: form,
				    headers: { 'X-XSRF-TOKEN': decodeURIComponent(csrf) } });
				  return response.ok ? (await response.json()).id : 'HTTP ' + response.status;
				}""", List.of(workspace));
		assertThat(String.valueOf(document)).doesNotStartWith("HTTP");

		List<String> serious = new ArrayList<>();
		for (String route : List.of("#/workspaces/" + workspace, "#/workspaces/" + workspace + "/documents/" + document,
				"#/admin", "#/search?q=rings", "#/preferences", "#/organisation")) {
			this.page.navigate(Portal.BASE_URL + "/" + route);
			assertThat(this.page.locator("h1")).isVisible();
			assertThat(this.page.locator("main [role=status]", new Page.LocatorOptions().setHasText("Loading")))
				.hasCount(0);
			serious.addAll(axe(slug(route.replaceAll("[^A-Za-z/]", "").replace('/', '-'))));
		}
		this.page.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit trail")).click();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify chain")).click();
		assertThat(this.page.getByText("Chain verified")).isVisible();
		serious.addAll(axe("audit-trail"));

		assertThat(serious).as("serious or critical axe violations (full reports in %s)", reportDirectory()).isEmpty();
	}

	@Test
	void givenPartnerEngineer_whenMainPagesOpen_thenTheContentSecurityPolicyBlocksNothingAndKeyboardReachesContent() {
		this.context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
		this.page = this.context.newPage();
		List<String> blocked = new ArrayList<>();
		this.page.onConsoleMessage((message) -> {
			if (message.text().contains("Content Security Policy")) {
				blocked.add(message.text());
			}
		});
		signIn("partner.engineer", "Pat Partner");
		for (String section : MAIN_PAGES) {
			open(section);
		}

		// the first Tab from the top of the page offers the skip link, and it moves focus into <main>
		this.page.reload();
		assertThat(this.page.locator("#user-name")).hasText("Pat Partner");
		this.page.keyboard().press("Tab");
		assertThat(this.page.locator(":focus")).hasText("Skip to content");
		screenshot("skip-link-focused");
		this.page.keyboard().press("Enter");
		assertThat(this.page.locator("main#main")).isFocused();

		assertThat(blocked).as("CSP violations reported by Chromium").isEmpty();
	}

	private void signIn(String username, String displayName) {
		this.page.navigate(Portal.BASE_URL + "/");
		this.page.waitForURL(Pattern.compile("^http://127\\.0\\.0\\.1:8180/realms/parley/.*"));
		this.page.fill("#username", username);
		this.page.fill("#password", PASSWORD);
		this.page.click("#kc-login");
		assertThat(this.page.locator("#user-name")).hasText(displayName);
	}

	/** Through the navigation, as a person would, then wait until the page has loaded its data. */
	private void open(String section) {
		this.page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
			.getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName(section).setExact(true))
			.click();
		assertThat(this.page.locator("h1")).hasText(section);
		assertThat(this.page.locator("main [role=status]", new Page.LocatorOptions().setHasText("Loading")))
			.hasCount(0);
	}

	/** Runs axe on the current page; writes its whole report and returns the serious and critical findings. */
	@SuppressWarnings("unchecked")
	private List<String> axe(String name) {
		screenshot(name);
		if (!Boolean.TRUE.equals(this.page.evaluate("() => typeof window.axe === 'object'"))) {
			this.page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeSource));
		}
		List<Map<String, Object>> violations = (List<Map<String, Object>>) this.page.evaluate(RUN_AXE);
		String report = violations.stream()
			.map((v) -> v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " -> " + v.get("nodes"))
			.collect(Collectors.joining(System.lineSeparator()));
		try {
			Path file = reportDirectory().resolve(name + ".txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, report.isEmpty() ? "no violations" + System.lineSeparator() : report);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return violations.stream()
			.filter((v) -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
			.map((v) -> name + ": " + v.get("impact") + " " + v.get("id") + " (" + v.get("help") + ") at "
					+ v.get("nodes"))
			.toList();
	}

	private Path reportDirectory() {
		return Portal.outputDirectory().resolve("axe").resolve(this.testName);
	}

	private static String slug(String section) {
		return section.toLowerCase().replace(' ', '-');
	}

	private void screenshot(String name) {
		Path file = Portal.outputDirectory()
			.resolve("screenshots")
			.resolve(getClass().getSimpleName())
			.resolve(this.testName)
			.resolve(String.format("%02d-%s.png", ++this.step, name));
		this.page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
	}

}
