package io.parley.notifications.directory;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * TLP 2.0 as Parley applies it (DESIGN.md, ADR 0009), for a workspace member: RED the uploader and the named
 * people; AMBER+STRICT members of the uploader's organisation and of the named organisations; AMBER, GREEN and
 * CLEAR every member. An unknown label is treated as RED: a typo must not widen the audience.
 */
public final class Labels {

	public static final String CLEAR = "TLP:CLEAR";

	public static final String GREEN = "TLP:GREEN";

	public static final String AMBER = "TLP:AMBER";

	public static final String AMBER_STRICT = "TLP:AMBER+STRICT";

	public static final String RED = "TLP:RED";

	private Labels() {
	}

	public static boolean maySee(String label, @Nullable String uploadedBy, @Nullable String uploaderOrganisation,
			Collection<String> namedPeople, Collection<String> namedOrganisations, Directory.Member member) {
		return switch (label) {
			case CLEAR, GREEN, AMBER -> true;
			case AMBER_STRICT -> member.organisationId() != null
					&& (member.organisationId().equals(uploaderOrganisation)
							|| namedOrganisations.contains(member.organisationId()));
			default -> member.personId().equals(uploadedBy) || namedPeople.contains(member.personId());
		};
	}

	/**
	 * Whether a mail or digest may carry the title. AMBER, AMBER+STRICT and RED content leaves the portal only as
	 * a link and its label (so does an unknown label); unlabelled notices (access, membership) carry no content.
	 */
	public static boolean titleMayLeavePortal(@Nullable String label) {
		return label == null || CLEAR.equals(label) || GREEN.equals(label);
	}

}
