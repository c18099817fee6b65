package io.parley.identity.restore;

import io.parley.platform.backup.RestoreCheckRunner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The restore check as an operator's command: {@code java -jar identity.jar
 * --parley.identity.restore-check-and-exit=true --parley.events.relay.enabled=false} against the restored database;
 * one JSON line, exit 0 when nothing points at a record that is not there (docs/backup-restore.md).
 */
@Component
@ConditionalOnBooleanProperty("parley.identity.restore-check-and-exit")
class RestoreCheckCommand extends RestoreCheckRunner {

	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context) {
		super(check::run, json, context, System::exit);
	}

}
