package io.parley.workspace.workspaces;

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

}
