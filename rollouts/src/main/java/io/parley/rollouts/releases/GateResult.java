package io.parley.rollouts.releases;

import org.jspecify.annotations.Nullable;

/** One gate measured against one report; {@code measuredPerMille} is null when no device reported. */
public record GateResult(Gate gate, @Nullable Double measuredPerMille, double limitPerMille, boolean breached) {

	/** "boot-failure rate 4.2‰ is above its gate of 1‰". */
	String sentence() {
		return capitalised(this.gate.words()) + " " + perMille(this.measuredPerMille) + " is above its gate of "
				+ perMille(this.limitPerMille);
	}

	static String perMille(@Nullable Double value) {
		if (value == null) {
			return "(none)";
		}
		String text = (value == Math.rint(value)) ? Long.toString(value.longValue())
				: String.format(java.util.Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
		return text + "‰";
	}

	private static String capitalised(String words) {
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
