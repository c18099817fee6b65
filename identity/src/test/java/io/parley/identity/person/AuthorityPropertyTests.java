package io.parley.identity.person;

import java.util.List;
import java.util.UUID;

import io.parley.identity.person.Authority.Act;
import io.parley.identity.person.Authority.Party;
import io.parley.identity.person.Authority.Rank;
import io.parley.identity.person.Authority.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Authority#decide} against a small model: a world of six people in two organisations (and one caller of no
 * organisation), every rank, any of them sponsoring anyone. The model says what the issue asks in its own words;
 * the properties say what must never happen whatever the rule's code looks like.
 */
class AuthorityPropertyTests {

	private static final List<UUID> PEOPLE = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

	/** The rule, stated as a table: may someone of this rank and relation do this to that rank? */
	private static boolean model(Party actor, Act act, Party target, boolean sponsors) {
		if (actor.id().equals(target.id())) {
			return false;
		}
		int actorRank = List.of(Rank.MEMBER, Rank.ORG_ADMIN, Rank.PORTAL_ADMIN).indexOf(actor.rank());
		int targetRank = List.of(Rank.MEMBER, Rank.ORG_ADMIN, Rank.PORTAL_ADMIN).indexOf(target.rank());
		if (targetRank > actorRank) {
			return false;
		}
		boolean sameOrganisation = actor.organisationId() != null
				&& actor.organisationId().equals(target.organisationId());
		return switch (actor.rank()) {
			case PORTAL_ADMIN -> true;
			case ORG_ADMIN -> sameOrganisation || (act == Act.EXTEND_ACCESS && sponsors);
			case MEMBER -> act == Act.EXTEND_ACCESS && sponsors;
		};
	}

	@Property
	void theRuleIsTheModel(@ForAll("parties") Party actor, @ForAll Act act, @ForAll("parties") Party target,
			@ForAll boolean actorSponsorsTarget) {
		UUID sponsor = actorSponsorsTarget ? actor.id() : UUID.randomUUID();
		boolean allowed = Authority.decide(actor, act, target, sponsor) == Verdict.ALLOWED;
		assertThat(allowed).isEqualTo(model(actor, act, target, actorSponsorsTarget));
	}

	@Property
	void nobodyActsOnSomeoneOfHigherRank(@ForAll("parties") Party actor, @ForAll Act act,
			@ForAll("parties") Party target, @ForAll boolean actorSponsorsTarget) {
		Verdict verdict = Authority.decide(actor, act, target, actorSponsorsTarget ? actor.id() : null);
		if (target.rank().compareTo(actor.rank()) > 0) {
			assertThat(verdict).isNotEqualTo(Verdict.ALLOWED);
		}
	}

	@Property
	void nobodyActsOnThemselves(@ForAll("parties") Party actor, @ForAll Act act) {
		// the person as a target carries their own record; even as their own sponsor they may not extend
		assertThat(Authority.decide(actor, act, actor, actor.id())).isEqualTo(Verdict.SELF);
	}

	@Property
	void orgAdminsOffboardAndChangeRolesOnlyInTheirOwnOrganisation(@ForAll("parties") Party actor,
			@ForAll("parties") Party target) {
		if (actor.rank() == Rank.ORG_ADMIN && !target.organisationId().equals(actor.organisationId())) {
			for (Act act : List.of(Act.OFFBOARD, Act.CHANGE_ROLE)) {
				assertThat(Authority.decide(actor, act, target, actor.id())).isNotEqualTo(Verdict.ALLOWED);
			}
		}
	}

	@Property
	void aHigherRankNeverLosesARight(@ForAll("parties") Party actor, @ForAll Act act, @ForAll("parties") Party target,
			@ForAll boolean actorSponsorsTarget) {
		UUID sponsor = actorSponsorsTarget ? actor.id() : null;
		if (Authority.decide(actor, act, target, sponsor) == Verdict.ALLOWED && actor.rank() != Rank.PORTAL_ADMIN) {
			Party promoted = new Party(actor.id(), actor.organisationId(), Rank.values()[actor.rank().ordinal() + 1]);
			assertThat(Authority.decide(promoted, act, target, sponsor)).isEqualTo(Verdict.ALLOWED);
		}
	}

	@Provide
	Arbitrary<Party> parties() {
		return Combinators
			.combine(Arbitraries.of(PEOPLE), Arbitraries.of("host", "acme-security"), Arbitraries.of(Rank.class))
			.as(Party::new);
	}

}
