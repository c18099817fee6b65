package io.parley.identity.person;

import java.util.Set;
import java.util.UUID;

import io.parley.identity.Access;
import io.parley.identity.keycloak.KeycloakAdmin;
import io.parley.identity.keycloak.KeycloakUnavailableException;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The one rule of who may offboard, extend the access of, or change the role of whom (ADR 0024):
 * <ol>
 * <li>nobody acts on themselves;</li>
 * <li>only an admin of the person's organisation acts on them (portal admins are admins of every organisation, org
 * admins of their own); for an access extension the person's sponsor may too;</li>
 * <li>nobody acts on someone of higher rank (portal admin &gt; org admin &gt; member).</li>
 * </ol>
 * {@link #decide} is the rule alone, a pure function; {@link #require} finds the ranks and turns a refusal into a
 * problem. A person's rank is their role in identity, raised to portal admin if Keycloak gives them that role (it
 * is given by hand there, and identity does not copy it).
 */
@Component
public class Authority {

	public enum Rank {

		MEMBER, ORG_ADMIN, PORTAL_ADMIN;

		static Rank of(Set<String> realmRoles) {
			if (realmRoles.contains(Caller.PORTAL_ADMIN)) {
				return PORTAL_ADMIN;
			}
			return realmRoles.contains(Caller.ORG_ADMIN) ? ORG_ADMIN : MEMBER;
		}

		boolean above(Rank other) {
			return compareTo(other) > 0;
		}

	}

	public enum Act {

		OFFBOARD, EXTEND_ACCESS, CHANGE_ROLE

	}

	/** Someone as far as the rule needs them; {@code organisationId} is null for a caller of no organisation. */
	public record Party(UUID id, @Nullable String organisationId, Rank rank) {
	}

	public enum Verdict {

		ALLOWED,
		/** The actor is neither an admin of the person's organisation nor (for extensions) their sponsor. */
		NOT_THEIR_ADMIN,
		/** The actor is the person. */
		SELF,
		/** The person ranks above the actor. */
		OUTRANKED

	}

	private final KeycloakAdmin keycloak;

	Authority(KeycloakAdmin keycloak) {
		this.keycloak = keycloak;
	}

	public static Verdict decide(Party actor, Act act, Party target, @Nullable UUID targetSponsor) {
		if (actor.id().equals(target.id())) {
			return Verdict.SELF;
		}
		boolean admin = actor.rank() == Rank.PORTAL_ADMIN
				|| (actor.rank() == Rank.ORG_ADMIN && target.organisationId() != null
						&& target.organisationId().equals(actor.organisationId()));
		boolean sponsor = act == Act.EXTEND_ACCESS && actor.id().equals(targetSponsor);
		if (!admin && !sponsor) {
			return Verdict.NOT_THEIR_ADMIN;
		}
		return target.rank().above(actor.rank()) ? Verdict.OUTRANKED : Verdict.ALLOWED;
	}

	/** Throws the problem the caller gets when the rule refuses them {@code act} on {@code person}. */
	public void require(Caller caller, Act act, Person person) {
		Party actor = new Party(Access.idOf(caller), caller.organisation(), Rank.of(caller.roles()));
		Verdict verdict = decide(actor, act, new Party(person.id(), person.organisationId(), rankOf(person, actor)),
				person.sponsorId());
		switch (verdict) {
			case ALLOWED -> {
			}
			case SELF -> throw switch (act) {
				case OFFBOARD -> Problem.conflict("self-offboarding", "Cannot offboard yourself",
						"Ask another admin to offboard you.");
				case EXTEND_ACCESS -> Problem.conflict("self-extension", "Cannot extend your own access",
						"Ask your sponsor or an admin of your organisation to extend your access.");
				case CHANGE_ROLE -> Problem.conflict("self-role-change", "Cannot change your own role",
						"Ask another admin of your organisation to change your role.");
			};
			case NOT_THEIR_ADMIN -> throw Problem.forbidden(switch (act) {
				case OFFBOARD -> "Only portal admins and this organisation's admins offboard people.";
				case EXTEND_ACCESS -> "Only the sponsor or an admin extends access.";
				case CHANGE_ROLE -> "Only admins of this organisation change roles.";
			});
			case OUTRANKED -> throw Problem.forbidden("This person ranks above you ("
					+ rankOf(person, actor).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
					+ "); ask a portal admin.");
		}
	}

	/**
	 * Nobody ranks above a portal admin, so for one Keycloak is not asked; for anyone else it is, since only Keycloak
	 * knows who was made a portal admin.
	 */
	private Rank rankOf(Person person, Party actor) {
		Rank role = (person.role() == Role.ORG_ADMIN) ? Rank.ORG_ADMIN : Rank.MEMBER;
		if (actor.rank() == Rank.PORTAL_ADMIN) {
			return role;
		}
		try {
			return this.keycloak.realmRoles(person.id()).contains(Caller.PORTAL_ADMIN) ? Rank.PORTAL_ADMIN : role;
		}
		catch (KeycloakUnavailableException ex) {
			throw KeycloakUnavailableException.problem();
		}
	}

}
