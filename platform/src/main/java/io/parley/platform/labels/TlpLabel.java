package io.parley.platform.labels;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Traffic Light Protocol 2.0 labels, from the widest audience to the narrowest. In JSON they are written exactly
 * as TLP 2.0 spells them ({@code TLP:AMBER+STRICT}); in MongoDB as the constant's name.
 */
public enum TlpLabel {

	CLEAR("TLP:CLEAR"), GREEN("TLP:GREEN"), AMBER("TLP:AMBER"), AMBER_STRICT("TLP:AMBER+STRICT"), RED("TLP:RED");

	private final String value;

	TlpLabel(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

	/** The label TLP 2.0 spells {@code value}, if it is one. */
	public static Optional<TlpLabel> of(String value) {
		for (TlpLabel label : values()) {
			if (label.value.equals(value)) {
				return Optional.of(label);
			}
		}
		return Optional.empty();
	}

	/**
	 * The label {@code value} spells, or {@link #RED} for anything else: where a label arrives as text from another
	 * service (an event), a typo or an unknown future label must narrow the audience, never widen it.
	 */
	public static TlpLabel orRed(@org.jspecify.annotations.Nullable String value) {
		return (value != null) ? of(value).orElse(RED) : RED;
	}

	/** Whether this label lets fewer people see than {@code other}. */
	public boolean narrowerThan(TlpLabel other) {
		return ordinal() > other.ordinal();
	}

	/** Whether a title under this label may leave the portal (in a mail or digest): only CLEAR and GREEN. */
	public boolean mayLeavePortal() {
		return this == CLEAR || this == GREEN;
	}

}
