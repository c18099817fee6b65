package io.parley.workspace.restore;

import java.util.function.IntConsumer;

import io.parley.platform.backup.RestoreCheckRunner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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
class RestoreCheckCommand extends RestoreCheckRunner {

	@Autowired
	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context) {
		this(check, json, context, System::exit);
	}

	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context,
			IntConsumer exit) {
		super(check::run, json, context, exit);
	}

}
