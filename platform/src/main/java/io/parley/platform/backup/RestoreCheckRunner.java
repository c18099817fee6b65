package io.parley.platform.backup;

import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service's restore check as an operator's command, needing no token (ADR 0037): each service declares one,
 * switched on by its {@code parley.<service>.restore-check-and-exit=true}. It prints the report as one JSON line on
 * standard output and exits with 0 when the report is valid, 1 when not, so a restore script can stop there.
 */
public abstract class RestoreCheckRunner implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(RestoreCheckRunner.class);

	/** A restore check's report: whether people may come back. */
	public interface Verdict {

		boolean valid();

	}

	private final Supplier<? extends Verdict> check;

	private final JsonMapper json;

	private final ConfigurableApplicationContext context;

	private final IntConsumer exit;

	protected RestoreCheckRunner(Supplier<? extends Verdict> check, JsonMapper json,
			ConfigurableApplicationContext context, IntConsumer exit) {
		this.check = check;
		this.json = json;
		this.context = context;
		this.exit = exit;
	}

	@Override
	public void run(ApplicationArguments args) {
		log.info("Restore check run as a command; the service exits when it is done");
		Verdict report = this.check.get();
		System.out.println(this.json.writeValueAsString(report));
		this.exit.accept(SpringApplication.exit(this.context, () -> report.valid() ? 0 : 1));
	}

}
