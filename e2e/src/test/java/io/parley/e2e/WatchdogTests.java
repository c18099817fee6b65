package io.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The {@link Watchdog} against real hangs: a real Playwright driving Debian's Chromium, launched and closed by
 * {@link BrowserTests}' own code. Each scenario runs a small test class through JUnit's launcher with a limit of a
 * few seconds and then, in the same JVM, a healthy browser class after it. The scenario classes run only when this
 * class launches them: selected on their own (e.g. by {@code -Dtest='io.parley.e2e.**'}) they would block until the
 * default limit.
 */
class WatchdogTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	/** Generous on a busy 2-core machine; what matters is that nothing ends before the limit. */
	private static final Duration LATE = Duration.ofSeconds(15);

	/** The driver and the browser processes of the scenario running now, read before it blocks. */
	private static volatile List<ProcessHandle> browserProcesses = List.of();

	private static volatile boolean launching;

	@Test
	void givenPageWhoseScriptNeverReturns_whenTestOutlivesLimit_thenItFailsAtTheLimitAndTheNextClassRuns()
			throws IOException {
		Path dump = dumpOf("ScriptNeverReturns", "evaluate");

		Outcome outcome = run(ScriptNeverReturns.class);

		assertEndedAtLimit(outcome, "evaluate", "ScriptNeverReturns.evaluate()");
		assertThat(outcome.failures().get("evaluate")).as("ended by the driver's end alone")
			.hasMessageNotContaining("interrupted");
		assertThat(Files.readString(dump)).contains("WatchdogTests$ScriptNeverReturns.evaluate(");
		assertBrowserProcessesGone();
		assertThat(run(Healthy.class).failures()).isEmpty();
	}

	/** The hang seen in SignInJourneyTests: an assertion whose own timeout lives in a driver that stopped. */
	@Test
	void givenDriverStoppedDuringAssertion_whenTestOutlivesLimit_thenItFailsAtTheLimitAndTheNextClassRuns()
			throws IOException {
		Path dump = dumpOf("DriverStops", "assertion");

		Outcome outcome = run(DriverStops.class);

		assertEndedAtLimit(outcome, "assertion", "DriverStops.assertion()");
		assertThat(outcome.failures().get("assertion")).as("ended by the driver's end alone")
			.hasMessageNotContaining("interrupted");
		assertThat(Files.readString(dump)).contains("WatchdogTests$DriverStops.assertion(");
		assertBrowserProcessesGone();
		assertThat(run(Healthy.class).failures()).isEmpty();
	}

	@Test
	void givenBlockedOutsidePlaywright_whenStillBlockedAfterTheDriverEnded_thenItsThreadIsInterrupted() {
		Outcome outcome = run(WaitsForNothing.class);

		assertEndedAtLimit(outcome, "await", "WaitsForNothing.await()");
		Throwable thrown = outcome.failures().get("await");
		assertThat(thrown).hasMessageContaining("its thread was interrupted 5s later")
			.hasCauseInstanceOf(InterruptedException.class);
		assertThat(outcome.elapsed().get("await")).isGreaterThanOrEqualTo(LIMIT.plus(Watchdog.grace(LIMIT)));
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void givenDurationsAsPeopleWriteThem_whenParsed_thenTheSameAsIso() {
		assertThat(Watchdog.parse("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(Watchdog.parse("90s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(Watchdog.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(Watchdog.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
	}

	private static void assertEndedAtLimit(Outcome outcome, String method, String name) {
		assertThat(outcome.failures()).containsOnlyKeys(method);
		assertThat(outcome.failures().get(method)).isInstanceOf(TimeoutException.class)
			.hasMessageStartingWith(name + " ran longer than the e2e watchdog's limit of 5s (-De2e.watchdog.limit)");
		assertThat(outcome.elapsed().get(method)).isBetween(LIMIT, LIMIT.plus(Watchdog.grace(LIMIT)).plus(LATE));
	}

	private static void assertBrowserProcessesGone() {
		assertThat(browserProcesses).as("the driver and at least one Chromium process").hasSizeGreaterThan(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(browserProcesses).noneMatch(ProcessHandle::isAlive));
	}

	private static Path dumpOf(String scenario, String method) throws IOException {
		Path dump = Portal.outputDirectory()
			.resolve("watchdog")
			.resolve("WatchdogTests$" + scenario + "." + method + ".threads.txt");
		Files.deleteIfExists(dump);
		return dump;
	}

	/** Runs one scenario class with the watchdog's limit set to {@link #LIMIT}. */
	private static Outcome run(Class<?> scenario) {
		browserProcesses = List.of();
		Outcome outcome = new Outcome(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
		launching = true;
		try {
			LauncherFactory.create()
				.execute(LauncherDiscoveryRequestBuilder.request()
					.selectors(selectClass(scenario))
					.configurationParameter(Watchdog.LIMIT_PROPERTY, LIMIT.getSeconds() + "s")
					.build(), outcome);
		}
		finally {
			launching = false;
		}
		assertThat(outcome.started()).as("tests of " + scenario.getSimpleName() + " that ran").isNotEmpty();
		return outcome;
	}

	/** What a scenario's tests did, by method name; a failing {@code @BeforeAll}/{@code @AfterAll} counts too. */
	record Outcome(Map<String, Instant> started, Map<String, Duration> elapsed,
			Map<String, Throwable> failures) implements TestExecutionListener {

		@Override
		public void executionStarted(TestIdentifier test) {
			name(test).ifPresent((name) -> this.started.put(name, Instant.now()));
		}

		@Override
		public void executionFinished(TestIdentifier test, TestExecutionResult result) {
			String name = name(test).orElse(test.getDisplayName());
			Instant start = this.started.get(name);
			if (start != null) {
				this.elapsed.put(name, Duration.between(start, Instant.now()));
			}
			if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
				this.failures.put(name, result.getThrowable().orElseGet(() -> new AssertionError(result)));
			}
		}

		private static java.util.Optional<String> name(TestIdentifier test) {
			return test.getSource()
				.filter(MethodSource.class::isInstance)
				.map((source) -> ((MethodSource) source).getMethodName());
		}

	}

	static boolean launchingScenario() {
		return launching;
	}

	private static void recordBrowserProcesses() {
		List<ProcessHandle> processes = new ArrayList<>();
		ProcessHandle.current().children().filter(Watchdog::isPlaywrightDriver).forEach((driver) -> {
			processes.add(driver);
			driver.descendants().forEach(processes::add);
		});
		browserProcesses = processes;
	}

	/** As every browser test class does it: the launch and close of {@link BrowserTests}, under the watchdog. */
	@ExtendWith(Watchdog.class)
	abstract static class Scenario {

		@BeforeAll
		static void launch() {
			BrowserTests.launchBrowser();
		}

		@AfterAll
		static void close() {
			BrowserTests.closeBrowser();
		}

	}

	@EnabledIf("io.parley.e2e.WatchdogTests#launchingScenario")
	static class ScriptNeverReturns extends Scenario {

		@Test
		void evaluate() {
			Page page = BrowserTests.browser.newPage();
			page.setContent("<p>waiting</p>");
			recordBrowserProcesses();
			// Playwright's evaluate has no timeout of its own: it waits for the promise as long as it takes
			page.evaluate("() => new Promise(() => {})");
		}

	}

	@EnabledIf("io.parley.e2e.WatchdogTests#launchingScenario")
	static class DriverStops extends Scenario {

		@Test
		void assertion() throws Exception {
			Page page = BrowserTests.browser.newPage();
			page.setContent("<p>here</p>");
			recordBrowserProcesses();
			ProcessHandle driver = browserProcesses.get(0);
			assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(driver.pid())).start().waitFor()).isZero();
			// one second, counted by the driver, which no longer runs: the call waits for its answer for ever
			assertThat(page.locator("#never")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(1000));
		}

	}

	@ExtendWith(Watchdog.class)
	@EnabledIf("io.parley.e2e.WatchdogTests#launchingScenario")
	static class WaitsForNothing {

		@Test
		void await() throws InterruptedException {
			new CountDownLatch(1).await();
		}

	}

	@EnabledIf("io.parley.e2e.WatchdogTests#launchingScenario")
	static class Healthy extends Scenario {

		@Test
		void pageAnswers() {
			Page page = BrowserTests.browser.newPage();
			page.setContent("<h1>fine</h1>");
			assertThat(page.locator("h1")).hasText("fine");
		}

	}

}
