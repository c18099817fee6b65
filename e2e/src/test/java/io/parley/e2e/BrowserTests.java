package io.parley.e2e;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every whole-system test shares: the running portal, one Playwright and one Chromium per test class (so a
 * class whose browser the {@link Watchdog} had to end does not take the next classes down with it), and the
 * watchdog's limit on every test method, {@code @BeforeAll} and {@code @AfterAll}.
 */
@ExtendWith({ Portal.class, Watchdog.class })
abstract class BrowserTests {

	/** The demo people's password in the realm (devstack prints it). */
	protected static final String DEMO_PASSWORD = "Parley-Demo-2026!";

	protected static final Pattern WORKSPACE_URL = Pattern.compile("#/workspaces/([0-9a-f-]{36})");

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

	/**
	 * Signs a demo person in on a new page of {@code context} and waits for the portal to greet them by
	 * {@code name}; government people type a fresh TOTP code on Keycloak's second page.
	 */
	protected static Page signIn(BrowserContext context, String username, String name) {
		Page page = context.newPage();
		page.navigate(Portal.BASE_URL + "/");
		signInOnKeycloak(page, username, DEMO_PASSWORD);
		// government people get Keycloak's one-time-code page next, everyone else the portal
		page.locator("#otp, #user-name:not(:empty)").first().waitFor();
		if (page.locator("#otp").isVisible()) {
			page.fill("#otp", Totp.unusedCode(Totp.DEMO_LIAISON_SECRET));
			page.click("#kc-login");
		}
		assertThat(page.locator("#user-name")).hasText(name);
		return page;
	}

	/**
	 * Creates a workspace (ceiling TLP:RED) on the admin page and returns its id; the page is then on it.
	 * {@code beforeCreate} sees the filled form (a screenshot, say).
	 */
	protected static String createWorkspace(Page admin, String name, String purpose, Consumer<Page> beforeCreate) {
		admin.navigate(Portal.BASE_URL + "/#/admin");
		Locator create = admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Create a workspace"));
		create.getByLabel("Name").fill(name);
		create.getByLabel("Purpose").fill(purpose);
		create.getByLabel("Label ceiling (the most restricted label documents may carry)").selectOption("TLP:RED");
		beforeCreate.accept(admin);
		create.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create workspace")).click();
		admin.waitForURL(WORKSPACE_URL);
		return group(WORKSPACE_URL, admin.url());
	}

	/**
	 * Adds a person to the workspace open on the page, with a role, on its Members tab: types the start of their name
	 * into the people picker and takes them from the list (their organisation comes from identity).
	 */
	protected static void addMember(Page admin, String person, String role) {
		admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members")).click();
		Locator form = admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Add a member"));
		form.getByRole(AriaRole.COMBOBOX, new Locator.GetByRoleOptions().setName("Person").setExact(true))
			.fill(person.substring(0, Math.min(5, person.length())));
		Locator option = form.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText(person));
		assertThat(option).hasCount(1);
		option.click();
		form.getByLabel("Role in this workspace").selectOption(role);
		form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add member")).click();
		assertThat(admin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Members")))
			.containsText(person);
	}

	/** The first group of {@code pattern} in {@code text}; fails the test when it does not match. */
	protected static String group(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
		return matcher.group(1);
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
