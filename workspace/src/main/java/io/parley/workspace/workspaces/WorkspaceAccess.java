package io.parley.workspace.workspaces;

import java.util.Map;
import java.util.UUID;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.workspace.audit.AuditTrail;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The one place that decides whether a caller may do something with a workspace, and audits the refusals.
 * Existence is confidential: whoever is not a member gets the same 404 as for an unknown id, and only members learn
 * that they lack a role (403). A refusal concerning a workspace that exists is appended to its chain as
 * {@code access.refused} before the answer leaves; for an unknown id there is no chain to append to (and creating
 * one for any id someone types would let anybody grow the audit collection).
 */
@Service
public class WorkspaceAccess {

	/** What the caller wants to do. */
	public enum Need {

		/** Read what every member reads. */
		MEMBER,

		/** Change the workspace: its members, organisations, announcements. */
		OWNER,

		/** Read the audit trail: owners and the host's auditors, who need not be members. */
		AUDIT

	}

	static final String REFUSED = "access.refused";

	private final MongoTemplate mongo;

	private final AuditTrail audit;

	WorkspaceAccess(MongoTemplate mongo, AuditTrail audit) {
		this.mongo = mongo;
		this.audit = audit;
	}

	/**
	 * The realm role {@code auditor} counts only for people of the host organisation: it is granted by hand in
	 * Keycloak, and a role granted by mistake to a partner's account must not open every other partner's trail.
	 */
	public static boolean isAuditor(Caller caller) {
		return caller.hasRole(Caller.AUDITOR) && caller.organisationType() == OrganisationType.HOST;
	}

	/**
	 * The workspace, if the caller may do {@code need} with it; otherwise a 404 or 403 problem, after auditing the
	 * refusal.
	 *
	 * @param attempted what the caller tried, for the audit entry (e.g. {@code audit.exported})
	 */
	public Workspace require(Caller caller, UUID id, Need need, String attempted) {
		Workspace workspace = this.mongo.findById(id, Workspace.class);
		if (workspace == null) {
			throw Problem.notFound("workspace");
		}
		String refusal = refusal(caller, workspace, need);
		if (refusal == null) {
			return workspace;
		}
		this.audit.record(id, caller.id(), REFUSED, id.toString(), Map.of("attempted", attempted, "reason", refusal));
		if (refusal.equals("not-member")) {
			throw Problem.notFound("workspace");
		}
		throw Problem.forbidden(switch (need) {
			case AUDIT -> "Only owners of the workspace and auditors read its audit trail.";
			default -> "Only owners of the workspace do this.";
		});
	}

	/**
	 * Passes if the caller may read the audit trail {@code id}: a workspace's (its owners and auditors) or the
	 * portal's (auditors only).
	 */
	public void requireAuditReader(Caller caller, UUID id, String attempted) {
		if (!AuditTrail.PORTAL.equals(id)) {
			require(caller, id, Need.AUDIT, attempted);
			return;
		}
		if (!isAuditor(caller)) {
			this.audit.record(id, caller.id(), REFUSED, id.toString(),
					Map.of("attempted", attempted, "reason", "not-auditor"));
			throw Problem.notFound("workspace");
		}
	}

	private static @Nullable String refusal(Caller caller, Workspace workspace, Need need) {
		if (need == Need.AUDIT && isAuditor(caller)) {
			return null;
		}
		if (!workspace.isMember(caller.id())) {
			return "not-member";
		}
		if (need != Need.MEMBER && !workspace.isOwner(caller.id())) {
			return "not-owner";
		}
		return null;
	}

}
