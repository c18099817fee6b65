package io.parley.workspace.restore;

import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The restore check as an operator's command, needing no token:
 * {@code java -jar workspace.jar --parley.workspace.restore-check-and-exit=true --parley.events.relay.enabled=false}
 * against the restored database. It prints the report as one JSON line on standard output and exits with 0 when
 * it is valid, 1 when not (ADR 0037; docs/backup-restore.md says with which other settings).
 */
@Component
@ConditionalOnBooleanProperty("parley.workspace.restore-check-and-exit")
class RestoreCheckCommand implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(RestoreCheckCommand.class);

	private final RestoreCheck check;

	private final JsonMapper json;

	private final ConfigurableApplicationContext context;

	private final IntConsumer exit;

	@Autowired
	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context) {
		this(check, json, context, System::exit);
	}

	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context,
			IntConsumer exit) {
		this.check = check;
		this.json = json;
		this.context = context;
		this.exit = exit;
	}

	@Override
	public void run(ApplicationArguments args) {
		log.info("Restore check run as a command; the service exits when it is done");
		RestoreCheck.Report report = this.check.run();
		System.out.println(this.json.writeValueAsString(report));
		this.exit.accept(SpringApplication.exit(this.context, () -> report.valid() ? 0 : 1));
	}

}
