package io.parley.workspace.restore;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.workspace.workspaces.WorkspaceAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workspaces/restore-check}: the {@link RestoreCheck} report, for the host's auditors and portal
 * admins (either role counts only for the host organisation, as the auditor role does in ADR 0012). Under the
 * gateway's workspace route, so a signed-in auditor opens it in the browser; it reads every stored byte, so it
 * answers within the gateway's response timeout (5 minutes) only for a content store of some tens of GB. Larger
 * installations run the same check as a command ({@link RestoreCheckCommand}, ADR 0037).
 */
@RestController
@Tag(name = "Operations")
class RestoreCheckController {

	private static final Logger log = LoggerFactory.getLogger(RestoreCheckController.class);

	private final RestoreCheck check;

	RestoreCheckController(RestoreCheck check) {
		this.check = check;
	}

	@GetMapping("/api/workspaces/restore-check")
	@Operation(summary = "After a restore: every version's content against its SHA-256, every audit chain, the "
			+ "outboxes (host auditors and portal admins)")
	RestoreCheck.Report run(Caller caller) {
		boolean host = caller.organisationType() == OrganisationType.HOST;
		if (!WorkspaceAccess.isAuditor(caller) && !(host && caller.hasRole(Caller.PORTAL_ADMIN))) {
			log.warn("Restore check refused to {}: neither a host auditor nor a host portal admin", caller.id());
			throw Problem.forbidden(
					"The restore check is for the host's auditors and portal admins; ask one of them to run it.");
		}
		log.info("Restore check started by {}", caller.id());
		RestoreCheck.Report report = this.check.run();
		// the host's auditors see every workspace (ADR 0012); a portal admin sees none they are not in
		return WorkspaceAccess.isAuditor(caller) ? report : report.withoutIds();
	}

}
