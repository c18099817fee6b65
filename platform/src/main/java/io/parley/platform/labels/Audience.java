package io.parley.platform.labels;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Who may see something labelled under TLP 2.0, as Parley applies it to the members of a space:
 * <ul>
 * <li>{@code TLP:RED}: the person who shared it and the people it names;</li>
 * <li>{@code TLP:AMBER+STRICT}: the sharer, people of the sharer's organisation and of the organisations it
 * names;</li>
 * <li>{@code TLP:AMBER}, {@code TLP:GREEN}, {@code TLP:CLEAR}: everyone in the space.</li>
 * </ul>
 * Named people only count under RED and named organisations only under AMBER+STRICT; the factory methods drop
 * what the label does not use, so two audiences that admit the same people are equal.
 *
 * @param sharedBy the person who shared it (the uploader of a document, the declarer of a release)
 * @param sharerOrganisation the organisation identity recorded for them when they shared it
 */
public record Audience(TlpLabel label, String sharedBy, @Nullable String sharerOrganisation, Set<String> namedPeople,
		Set<String> namedOrganisations) {

	public Audience {
		Objects.requireNonNull(label, "label");
		Objects.requireNonNull(sharedBy, "sharedBy");
		namedPeople = (label == TlpLabel.RED) ? Set.copyOf(namedPeople) : Set.of();
		namedOrganisations = (label == TlpLabel.AMBER_STRICT) ? Set.copyOf(namedOrganisations) : Set.of();
	}

	public static Audience of(TlpLabel label, String sharedBy, @Nullable String sharerOrganisation,
			Collection<String> namedPeople, Collection<String> namedOrganisations) {
		return new Audience(label, sharedBy, sharerOrganisation, Set.copyOf(namedPeople),
				Set.copyOf(namedOrganisations));
	}

	/** Whether this reader (already a member of the space) may see it. */
	public boolean includes(Reader reader) {
		return switch (this.label) {
			case RED -> this.sharedBy.equals(reader.personId()) || this.namedPeople.contains(reader.personId());
			// the sharer sees what they shared even if identity never told us their organisation
			case AMBER_STRICT -> this.sharedBy.equals(reader.personId()) || includesOrganisation(reader.organisationId());
			case AMBER, GREEN, CLEAR -> true;
		};
	}

	/**
	 * Whether every present and future member of this organisation may see it: true under AMBER and wider, and
	 * under AMBER+STRICT for the sharer's and the named organisations. Under RED no organisation as such is in the
	 * audience, only people.
	 */
	public boolean includesOrganisation(@Nullable String organisationId) {
		return switch (this.label) {
			case RED -> false;
			case AMBER_STRICT -> organisationId != null
					&& (organisationId.equals(this.sharerOrganisation) || this.namedOrganisations.contains(organisationId));
			case AMBER, GREEN, CLEAR -> true;
		};
	}

	/**
	 * Whether changing to {@code next} widens the audience: after it, someone may see who could not before
	 * (anyone at all, not only today's members), or the label says the content may travel further. That is the
	 * case when
	 * <ul>
	 * <li>the label is lowered (TLP says a lower label may be shared further, whoever is in the space);</li>
	 * <li>under RED, a person is named who is not named yet;</li>
	 * <li>under AMBER+STRICT, an organisation is named that is not named yet;</li>
	 * <li>going from AMBER+STRICT to RED, a person is named who is outside the AMBER+STRICT audience: "raising" the
	 * label does not make naming them narrower. Their organisation comes from {@code organisationOf}; a person
	 * whose organisation is unknown counts as outside.</li>
	 * </ul>
	 * Whoever may only narrow (contributors who did not share it) is refused a widening, whatever the label order
	 * says.
	 */
	public boolean widenedBy(Audience next, Function<String, Optional<String>> organisationOf) {
		return !widenedFor(next, organisationOf).isEmpty();
	}

	/**
	 * Why {@code next} widens this audience, one phrase per reason a person can act on; empty when it does not.
	 */
	public List<String> widenedFor(Audience next, Function<String, Optional<String>> organisationOf) {
		if (next.label.ordinal() < this.label.ordinal()) {
			return List.of("it lowers the label from " + this.label.value() + " to " + next.label.value());
		}
		if (this.label.ordinal() <= TlpLabel.AMBER.ordinal()) {
			return List.of(); // everyone in the space sees it already, and the label is not lowered
		}
		if (next.label == TlpLabel.AMBER_STRICT) { // from AMBER+STRICT (RED to AMBER+STRICT is lowering)
			List<String> added = next.namedOrganisations.stream()
				.filter((organisation) -> !includesOrganisation(organisation))
				.sorted()
				.toList();
			return added.isEmpty() ? List.of()
					: List.of("it names organisation(s) " + String.join(", ", added) + " not named before");
		}
		// next is RED: from RED or from AMBER+STRICT
		List<String> added = next.namedPeople.stream()
			.filter((person) -> !person.equals(next.sharedBy))
			.filter((person) -> !includes(new Reader(person, organisationOf.apply(person).orElse(null))))
			.sorted()
			.toList();
		return added.isEmpty() ? List.of()
				: List.of("it names " + added.size() + " person(s) who could not see it before");
	}

}
