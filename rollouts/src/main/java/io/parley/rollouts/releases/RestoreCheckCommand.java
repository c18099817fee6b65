package io.parley.rollouts.releases;

import io.parley.platform.backup.RestoreCheckRunner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The restore check as an operator's command: {@code java -jar rollouts.jar
 * --parley.rollouts.restore-check-and-exit=true --parley.events.relay.enabled=false} against the restored database;
 * one JSON line, exit 0 when every release reads and its workspace is known (docs/backup-restore.md).
 */
@Component
@ConditionalOnBooleanProperty("parley.rollouts.restore-check-and-exit")
class RestoreCheckCommand extends RestoreCheckRunner {

	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context) {
		super(check::run, json, context, System::exit);
	}

}
