package io.parley.rollouts.releases;

import com.fasterxml.jackson.annotation.JsonValue;

/** What someone may do to a release; the names are those of the API's {@code allowed} list. */
public enum Action {

	SCHEDULE("schedule"), APPROVE_CALENDAR("approve-calendar"), START("start"), ADVANCE("advance"),
	SIGN_OFF("sign-off"), HALT("halt"), RESUME("resume"), ROLL_BACK("roll-back"), CANCEL("cancel"),
	REPORT_HEALTH("report-health");

	private final String value;

	Action(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

}
