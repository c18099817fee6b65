package io.parley.rollouts.releases;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Audience;
import io.parley.platform.labels.Reader;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.rollouts.workspaces.Memberships;
import io.parley.rollouts.workspaces.Memberships.Member;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The one place that decides who may read a release and who may do what with it; every endpoint asks here.
 * <ul>
 * <li><b>Read</b>: a member of the release's workspace (rollouts' projection of workspace membership) who is in the
 * release's label audience ({@link Audience}: the declarer shares it for the releasing organisation; RED reaches the
 * declarer and the people it names, AMBER+STRICT the releasing and the named organisations, AMBER and wider every
 * member), or a machine client of the releasing organisation. Nobody else, whatever their roles (portal admins and
 * auditors included): they get the same 404 as for an id that was never used.</li>
 * <li><b>Act</b>, once they may read: schedule, start, advance, roll back and cancel are for people of the releasing
 * organisation; approving a calendar conflict for people of a host organisation; signing off a ring for people of
 * an organisation the ring needs (and of a host organisation where policy needs the host's go); halting for people
 * of any participating organisation; resuming for the releasing organisation and the host; reporting health for
 * the releasing organisation's people and machine clients. Government observers only read. Anything else is 403.
 * Whether the release's state allows it is the release's own question ({@link Release#possibleNow}).</li>
 * </ul>
 */
@Component
public class ReleaseAccess {

	/** The realm role of a client-credentials token (a partner's pipeline). */
	public static final String MACHINE = "machine";

	private final Memberships memberships;

	ReleaseAccess(Memberships memberships) {
		this.memberships = memberships;
	}

	/** The caller with their memberships, looked up once for a whole request (a board lists many releases). */
	public Viewer viewer(Caller caller) {
		this.memberships.remember(caller);
		Map<UUID, Member> of = isMachine(caller) ? Map.of() : this.memberships.of(caller.id());
		return new Viewer(caller, of);
	}

	static boolean isMachine(Caller caller) {
		return caller.hasRole(MACHINE);
	}

	/** One caller's standing towards releases. */
	public static final class Viewer {

		private final Caller caller;

		private final Map<UUID, Member> memberships;

		Viewer(Caller caller, Map<UUID, Member> memberships) {
			this.caller = caller;
			this.memberships = Map.copyOf(memberships);
		}

		public Caller caller() {
			return this.caller;
		}

		public boolean machine() {
			return isMachine(this.caller);
		}

		/** The workspaces whose releases this person may be shown (their memberships; none for a machine client). */
		public Set<UUID> workspaces() {
			return this.memberships.keySet();
		}

		public @Nullable Member membership(UUID workspaceId) {
			return this.memberships.get(workspaceId);
		}

		public boolean canRead(Release release) {
			if (machine()) {
				return release.organisationId().equals(this.caller.organisation());
			}
			Member member = this.memberships.get(release.workspaceId());
			if (member == null) {
				return false;
			}
			return audience(release).includes(new Reader(member.personId(), member.organisationId()));
		}

		/**
		 * Passes if the caller may do {@code action} (on {@code ring}, for sign-offs and reports); otherwise the 404
		 * of a release they may not read, or a 403 saying who may.
		 */
		public void require(Release release, Action action, @Nullable Integer ring, Policy policy) {
			if (!canRead(release)) {
				throw Problem.notFound("release");
			}
			String refusal = refusal(release, action, ring, policy);
			if (refusal != null) {
				throw Problem.forbidden(refusal);
			}
		}

		/** What the caller may do with this release now: what they may do at all, that its state allows. */
		public Set<Action> allowed(Release release, Policy policy, java.time.Instant now) {
			Set<Action> allowed = EnumSet.noneOf(Action.class);
			if (!canRead(release)) {
				return allowed;
			}
			Integer ring = release.currentRing();
			for (Action action : release.possibleNow(policy, now)) {
				if (refusal(release, action, ring, policy) == null && !(action == Action.RESUME
						&& release.askedToResume(this.caller.organisation(), host()))) {
					allowed.add(action);
				}
			}
			return allowed;
		}

		/** Why the caller may not do this, in words; null when they may. */
		private @Nullable String refusal(Release release, Action action, @Nullable Integer ring, Policy policy) {
			String organisation = this.caller.organisation();
			boolean releasing = release.organisationId().equals(organisation);
			if (machine()) {
				return (action == Action.REPORT_HEALTH) ? null
						: "A machine client posts health reports and reads its organisation's releases; "
								+ "people of " + release.organisationId() + " do the rest.";
			}
			if (this.caller.organisationType() == OrganisationType.GOVERNMENT) {
				return "Government observers read releases; they do not act on them.";
			}
			return switch (action) {
				case SCHEDULE, START, ADVANCE, ROLL_BACK, CANCEL, REPORT_HEALTH -> releasing ? null
						: "Only people of " + release.organisationId() + ", the releasing organisation, do this.";
				case APPROVE_CALENDAR -> host() ? null
						: "Only people of a host organisation approve a schedule's calendar conflicts.";
				case SIGN_OFF -> (ring != null && release.maySignOff(ring, organisation, host(), policy)) ? null
						: "Your organisation's sign-off is not asked for this ring" + signers(release, ring) + ".";
				case HALT -> release.participates(organisation, host()) ? null
						: "Only people of the organisations taking part in this release halt it.";
				case RESUME -> (releasing || host()) ? null
						: "Only the releasing organisation, " + release.organisationId()
								+ ", and the host resume a halted release.";
			};
		}

		private static String signers(Release release, @Nullable Integer ring) {
			if (ring == null || ring < 0 || ring >= release.plan().size()) {
				return "";
			}
			return "; it needs " + release.plan().get(ring).signOffOrganisations();
		}

		private boolean host() {
			return this.caller.organisationType() == OrganisationType.HOST && this.caller.organisation() != null;
		}

		/** Who the caller is when they act on a release. */
		public Actor actor() {
			return new Actor(this.caller.id(), this.caller.organisation(), host());
		}

	}

	/** The release's audience under its label, shared by the declarer for the releasing organisation. */
	static Audience audience(Release release) {
		return Audience.of(release.label(), release.declaredBy(), release.organisationId(), release.namedPeople(),
				release.namedOrganisations());
	}

}
