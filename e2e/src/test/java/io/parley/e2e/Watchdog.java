package io.parley.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Bounds every method JUnit calls on a browser test: {@code @Test}, {@code @BeforeEach}/{@code @AfterEach} and the
 * class's {@code @BeforeAll}/{@code @AfterAll}, each by the limit {@value #LIMIT_PROPERTY} (a duration such as
 * {@code 5m} or {@code 90s}, default {@link #DEFAULT_LIMIT}).
 * <p>
 * A Playwright call can block for good: the test thread waits for the driver's answer, and the timeouts of
 * Playwright's assertions and actions run inside the driver, so a driver that stops answering is waited for forever
 * (seen once: 15 minutes in an assertion with a 20 s timeout). JUnit's {@code @Timeout} cannot help: its same-thread
 * mode only reports after the method returns, and its separate-thread mode would call Playwright from another thread
 * than the one that created it, which Playwright for Java does not allow. So when a method outlives the limit, the
 * watchdog writes a thread dump of this JVM under {@code target/e2e/watchdog/} and ends Playwright's driver process
 * with the Chromium it launched: the blocked call then throws, and the method fails with a {@link TimeoutException}
 * that names it and the limit. Every test class launches a Playwright of its own ({@link BrowserTests}), so the
 * classes after it run as usual. If the method is still not back {@link #grace(Duration) a while later} (it was
 * blocked somewhere else than in Playwright), the watchdog interrupts its thread.
 */
public final class Watchdog implements InvocationInterceptor {

	static final String LIMIT_PROPERTY = "e2e.watchdog.limit";

	/** Well above the slowest journey (about a minute on a busy 2-core machine), well below "hung for good". */
	static final Duration DEFAULT_LIMIT = Duration.ofMinutes(5);

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Watchdog.class);

	/** In a class's store: what the watchdog ended there, to explain the failures of the methods after it. */
	private static final String ENDED = "ended";

	private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "e2e-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void interceptBeforeAllMethod(Invocation<Void> invocation,
			ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, "@BeforeAll");
	}

	@Override
	public void interceptBeforeEachMethod(Invocation<Void> invocation,
			ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, "@BeforeEach");
	}

	@Override
	public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
			ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, null);
	}

	@Override
	public void interceptTestTemplateMethod(Invocation<Void> invocation,
			ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, null);
	}

	@Override
	public void interceptAfterEachMethod(Invocation<Void> invocation,
			ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, "@AfterEach");
	}

	@Override
	public void interceptAfterAllMethod(Invocation<Void> invocation,
			ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
		guard(invocation, invocationContext, extensionContext, "@AfterAll");
	}

	private static void guard(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
			ExtensionContext context, String kind) throws Throwable {
		Duration limit = limit(context);
		Method method = call.getExecutable();
		String what = context.getRequiredTestClass().getSimpleName() + "." + method.getName() + "()"
				+ ((kind != null) ? " (" + kind + ")" : "");
		if (kind != null && context.getTestMethod().isPresent()) {
			what += " of " + context.getRequiredTestMethod().getName() + "()";
		}
		ExtensionContext.Store classStore = classContext(context).getStore(NAMESPACE);
		String endedBefore = classStore.get(ENDED, String.class);
		Guarded guarded = new Guarded(what, limit, dumpFile(context, method), Thread.currentThread());
		ScheduledFuture<?> fire = TIMER.schedule(guarded::atLimit, limit.toMillis(), TimeUnit.MILLISECONDS);
		ScheduledFuture<?> interrupt = TIMER.schedule(guarded::afterGrace, limit.plus(grace(limit)).toMillis(),
				TimeUnit.MILLISECONDS);
		Throwable failure = null;
		try {
			invocation.proceed();
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			fire.cancel(false);
			interrupt.cancel(false);
		}
		String report = guarded.finish();
		if (report != null) {
			classStore.put(ENDED, what + " outlived " + format(limit));
			TimeoutException timeout = new TimeoutException(report);
			if (failure != null) {
				timeout.initCause(failure);
			}
			throw timeout;
		}
		if (failure != null && endedBefore != null) {
			// the browser this class shares is gone: say why, rather than leave "Playwright connection closed"
			throw new IllegalStateException(what + " could not use this class's browser: the watchdog ended it when "
					+ endedBefore, failure);
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** One guarded call: what the timer does to it, and what the test thread reports when it is back. */
	private static final class Guarded {

		private final String what;

		private final Duration limit;

		private final Path dump;

		private final Thread thread;

		private boolean finished;

		private String report;

		private boolean interrupted;

		Guarded(String what, Duration limit, Path dump, Thread thread) {
			this.what = what;
			this.limit = limit;
			this.dump = dump;
			this.thread = thread;
		}

		synchronized void atLimit() {
			if (this.finished) {
				return;
			}
			StringBuilder text = new StringBuilder(this.what).append(" ran longer than the e2e watchdog's limit of ")
				.append(format(this.limit))
				.append(" (-D")
				.append(LIMIT_PROPERTY)
				.append(")");
			try {
				writeThreadDump(this.dump);
				text.append("; thread dump: ").append(this.dump);
			}
			catch (RuntimeException ex) {
				text.append("; no thread dump (").append(ex).append(")");
			}
			List<ProcessHandle> ended = endPlaywrightDrivers();
			text.append(ended.isEmpty() ? "; no Playwright driver was running"
					: "; ended Playwright's driver and its browser, pids "
							+ ended.stream().map(ProcessHandle::pid).toList());
			this.report = text.toString();
			System.err.println("e2e watchdog: " + this.report);
		}

		synchronized void afterGrace() {
			if (this.finished) {
				return;
			}
			this.interrupted = true;
			System.err.println("e2e watchdog: " + this.what + " is still blocked after its driver ended; interrupting "
					+ this.thread.getName());
			this.thread.interrupt();
		}

		/** Called by the test thread when the call is back; the report if the watchdog bit. */
		synchronized String finish() {
			this.finished = true;
			if (this.interrupted) {
				// the interrupt was for the call the watchdog ended, not for whatever this thread runs next
				Thread.interrupted();
				return this.report + "; its thread was interrupted " + format(grace(this.limit)) + " later";
			}
			return this.report;
		}

	}

	static Duration limit(ExtensionContext context) {
		return context.getConfigurationParameter(LIMIT_PROPERTY).map(Watchdog::parse).orElse(DEFAULT_LIMIT);
	}

	/** {@code 5m}, {@code 90s}, {@code 1m30s} or ISO-8601 ({@code PT5M}). */
	static Duration parse(String value) {
		String text = value.trim().toUpperCase(Locale.ROOT);
		return Duration.parse(text.startsWith("P") ? text : "PT" + text);
	}

	/** How long a call may stay blocked after its driver ended before its thread is interrupted. */
	static Duration grace(Duration limit) {
		return (limit.compareTo(Duration.ofSeconds(30)) < 0) ? limit : Duration.ofSeconds(30);
	}

	private static String format(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	/** {@code target/e2e/watchdog/<class>.<method>.threads.txt}: the class name without its package. */
	static Path dumpFile(ExtensionContext context, Method method) {
		Class<?> testClass = context.getRequiredTestClass();
		String name = testClass.getName().substring(testClass.getPackageName().length() + 1);
		String test = context.getTestMethod()
			.filter((testMethod) -> !testMethod.equals(method))
			.map((testMethod) -> "." + testMethod.getName())
			.orElse("");
		return Portal.outputDirectory().resolve("watchdog").resolve(name + test + "." + method.getName() + ".threads.txt");
	}

	/**
	 * Every thread of this JVM with its whole stack and what it holds or waits for ({@link ThreadInfo#toString()}
	 * stops at eight frames, too few to see where Playwright was called from).
	 */
	static void writeThreadDump(Path file) {
		StringBuilder out = new StringBuilder("Threads of the test JVM, pid ").append(ProcessHandle.current().pid())
			.append(", at ")
			.append(Instant.now())
			.append("\n\n");
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId());
			if (info.isDaemon()) {
				out.append(" daemon");
			}
			out.append(' ').append(info.getThreadState());
			if (info.getLockName() != null) {
				out.append(" on ").append(info.getLockName());
			}
			if (info.getLockOwnerName() != null) {
				out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
			}
			out.append('\n');
			StackTraceElement[] stack = info.getStackTrace();
			for (int depth = 0; depth < stack.length; depth++) {
				out.append("\tat ").append(stack[depth]).append('\n');
				for (MonitorInfo monitor : info.getLockedMonitors()) {
					if (monitor.getLockedStackDepth() == depth) {
						out.append("\t- locked ").append(monitor).append('\n');
					}
				}
			}
			for (LockInfo synchronizer : info.getLockedSynchronizers()) {
				out.append("\t- holds ").append(synchronizer).append('\n');
			}
			out.append('\n');
		}
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kills each Playwright driver this JVM started ({@code node .../cli.js run-driver}) with everything under it:
	 * Chromium and its helpers. The devstack process is a child too, and is left alone.
	 * @return the processes ended
	 */
	static List<ProcessHandle> endPlaywrightDrivers() {
		List<ProcessHandle> ended = new ArrayList<>();
		ProcessHandle.current().children().filter(Watchdog::isPlaywrightDriver).forEach((driver) -> {
			// the tree is read before anything dies: a process whose parent died is re-parented, out of reach
			List<ProcessHandle> tree = new ArrayList<>();
			tree.add(driver);
			driver.descendants().forEach(tree::add);
			// SIGKILL: the driver may be stopped or wedged, and ends even then; its pipe to us closes with it
			tree.forEach(ProcessHandle::destroyForcibly);
			ended.addAll(tree);
		});
		return ended;
	}

	static boolean isPlaywrightDriver(ProcessHandle process) {
		return process.info().commandLine().map((line) -> line.contains(" run-driver")).orElse(false);
	}

}
