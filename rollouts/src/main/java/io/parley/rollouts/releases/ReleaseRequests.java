package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/**
 * The request bodies of the releases API and how they become the release's own types. Constraints carry their
 * message in words (the field name is added in front by platform's {@code InputProblems}); what cannot be said by a
 * constraint (a label, a kind, a duration, a time) is parsed here, every problem of a body collected into one 400.
 */
final class ReleaseRequests {

	/** One line of text: no control or format characters (bidi overrides, zero-width). */
	static final String LINE = "^[\\P{C}]*$";

	static final String LINE_WORDS = "must be one line of text without control or formatting characters";

	/** Free text: no control or format characters except line breaks. */
	static final String TEXT = "^[\\P{C}\\n]*$";

	static final String TEXT_WORDS = "must not contain control or formatting characters other than line breaks";

	static final String VERSION = "^[A-Za-z0-9][A-Za-z0-9.+_-]*$";

	/** Identity's organisation id: a lower-case slug, the {@code org} claim of tokens. */
	static final String ORGANISATION = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

	static final String ORGANISATION_WORDS = "must be organisation ids such as acme-security (lower-case letters, "
			+ "digits and hyphens)";

	static final String UUID_TEXT = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

	static final String REQUIRED = "is required";

	private ReleaseRequests() {
	}

	record NewRelease(@NotBlank(message = REQUIRED) @Pattern(regexp = UUID_TEXT,
			message = "must be a workspace id (a UUID)") String workspaceId,
			@NotBlank(message = REQUIRED) @Size(max = 100, message = "at most 100 characters") @Pattern(regexp = LINE,
					message = LINE_WORDS) String product,
			@NotBlank(message = REQUIRED) @Size(max = 50, message = "at most 50 characters") @Pattern(regexp = VERSION,
					message = "letters, digits and . + _ - only, starting with a letter or digit such as 7.11.2") String version,
			@NotBlank(message = REQUIRED) String kind,
			@NotNull(message = REQUIRED) @Size(max = 4000, message = "at most 4000 characters") @Pattern(regexp = TEXT,
					message = TEXT_WORDS) String summary,
			@NotBlank(message = REQUIRED) String label,
			@Nullable @Size(max = 50, message = "at most 50 people") List<@NotNull(message = REQUIRED) @Pattern(
					regexp = UUID_TEXT, message = "must be person ids (UUIDs)") String> namedPeople,
			@Nullable @Size(max = 50, message = "at most 50 organisations") List<@NotNull(
					message = REQUIRED) @Pattern(regexp = ORGANISATION, message = ORGANISATION_WORDS) String> namedOrganisations,
			@NotNull(message = REQUIRED) @Size(max = 20, message = "at most 20 rings") List<@Valid @NotNull(
					message = REQUIRED) NewRing> rings) {

		Declaration toDeclaration() {
			List<String> problems = new ArrayList<>();
			Kind kind = null;
			try {
				kind = Kind.valueOf(this.kind);
			}
			catch (IllegalArgumentException ex) {
				problems.add("kind: one of KERNEL_DRIVER, SENSOR, CONTENT_UPDATE, CONFIGURATION");
			}
			TlpLabel label = TlpLabel.of(this.label).orElse(null);
			if (label == null) {
				problems.add("label: one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED");
			}
			List<RingPlan> rings = new ArrayList<>();
			for (int i = 0; i < this.rings.size(); i++) {
				NewRing ring = this.rings.get(i);
				Duration soak = duration("rings[" + i + "].minSoak", ring.minSoak(), problems);
				NewGates gates = ring.gates();
				rings.add(new RingPlan(ring.name().strip(), ring.targetShare(), ring.targetDevices(),
						(soak != null) ? soak : Duration.ZERO,
						new Gates(gates.maxCrashPerMille(), gates.maxBootFailurePerMille(), gates.maxRollbackPerMille(),
								gates.minDevicesReporting()),
						Objects.requireNonNullElse(ring.signOffOrganisations(), List.of())));
			}
			if (!problems.isEmpty()) {
				throw new InvalidRelease(false, problems);
			}
			return new Declaration(UUID.fromString(this.workspaceId), this.product.strip(), this.version,
					Objects.requireNonNull(kind), this.summary, Objects.requireNonNull(label),
					Objects.requireNonNullElse(this.namedPeople, List.<String>of())
						.stream()
						.map((person) -> UUID.fromString(person).toString())
						.distinct()
						.toList(),
					Objects.requireNonNullElse(this.namedOrganisations, List.<String>of()).stream().distinct().toList(),
					rings);
		}

	}

	record NewRing(@NotNull(message = REQUIRED) @Size(max = 40, message = "at most 40 characters") @Pattern(
			regexp = LINE, message = LINE_WORDS) String name, @Nullable Double targetShare,
			@Nullable Long targetDevices, @NotBlank(message = REQUIRED) String minSoak,
			@NotNull(message = REQUIRED) @Valid NewGates gates,
			@Nullable @Size(max = 20, message = "at most 20 organisations") List<@NotNull(
					message = REQUIRED) @Pattern(regexp = ORGANISATION, message = ORGANISATION_WORDS) String> signOffOrganisations) {
	}

	record NewGates(@NotNull(message = REQUIRED) Double maxCrashPerMille,
			@NotNull(message = REQUIRED) Double maxBootFailurePerMille, @Nullable Double maxRollbackPerMille,
			@NotNull(message = REQUIRED) Long minDevicesReporting) {
	}

	record Schedule(@NotBlank(message = REQUIRED) String start) {

		Instant startAt() {
			return instant("start", this.start);
		}

	}

	record NewSignOff(@NotBlank(message = REQUIRED) String decision,
			@Nullable @Size(max = 2000, message = "at most 2000 characters") @Pattern(regexp = TEXT,
					message = TEXT_WORDS) String reason) {

		Decision toDecision() {
			try {
				return Decision.valueOf(this.decision);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidRelease.invalid("decision: GO or NO_GO");
			}
		}

	}

	record NewHalt(@NotBlank(message = "say why, in words the other organisations can act on") @Size(max = 2000,
			message = "at most 2000 characters") @Pattern(regexp = TEXT, message = TEXT_WORDS) String reason,
			@Nullable Boolean openWarRoom) {
	}

	record Reason(@NotBlank(message = "say why, in words the other organisations can act on") @Size(max = 2000,
			message = "at most 2000 characters") @Pattern(regexp = TEXT, message = TEXT_WORDS) String reason) {
	}

	record Health(@NotBlank(message = REQUIRED) String observedAt, @NotNull(message = REQUIRED) Long devicesUpdated,
			@NotNull(message = REQUIRED) Long devicesReporting, @NotNull(message = REQUIRED) Long crashes,
			@NotNull(message = REQUIRED) Long bootFailures, @NotNull(message = REQUIRED) Long rollbacks) {

		Releases.ReportedHealth toReport() {
			return new Releases.ReportedHealth(instant("observedAt", this.observedAt), this.devicesUpdated,
					this.devicesReporting, this.crashes, this.bootFailures, this.rollbacks);
		}

	}

	/** An ISO-8601 instant, to the millisecond (what is stored). */
	static Instant instant(String field, String value) {
		try {
			return Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException ex) {
			throw InvalidRelease.invalid(field + ": a UTC time in ISO-8601 such as 2026-03-10T06:00:00Z");
		}
	}

	private static @Nullable Duration duration(String field, String value, List<String> problems) {
		try {
			return Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			problems.add(field + ": an ISO-8601 duration such as PT2H or P1D");
			return null;
		}
	}

}
