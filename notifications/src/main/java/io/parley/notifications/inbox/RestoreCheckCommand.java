package io.parley.notifications.inbox;

import io.parley.platform.backup.RestoreCheckRunner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The restore check as an operator's command:
 * {@code java -jar notifications.jar --parley.notifications.restore-check-and-exit=true} against the restored
 * database; one JSON line, exit 0 when every stream counter is at or above its entries (docs/backup-restore.md).
 */
@Component
@ConditionalOnBooleanProperty("parley.notifications.restore-check-and-exit")
class RestoreCheckCommand extends RestoreCheckRunner {

	RestoreCheckCommand(RestoreCheck check, JsonMapper json, ConfigurableApplicationContext context) {
		super(check::run, json, context, System::exit);
	}

}
