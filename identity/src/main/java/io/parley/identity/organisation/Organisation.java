package io.parley.identity.organisation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An organisation. Its id is the slug Keycloak puts in the {@code org} claim. Written only through
 * {@link Organisations} (conditional updates that leave the event outbox in the same document alone).
 *
 * @param domains e-mail domains invitees must belong to; empty means any
 * @param version incremented by every change, the {@code aggregateVersion} of its events
 */
@Document("organisations")
public record Organisation(@Id String id, String name, OrganisationType type, List<String> domains, boolean active,
		Instant createdAt, @Nullable UUID createdBy, long version) {

	public Organisation {
		domains = List.copyOf(domains);
	}

	/** Whether an e-mail address may be invited into this organisation (the domain or a sub-domain of it). */
	public boolean admits(String email) {
		if (this.domains.isEmpty()) {
			return true;
		}
		String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
		return this.domains.stream().anyMatch((allowed) -> domain.equals(allowed) || domain.endsWith("." + allowed));
	}

	/** People of VENDOR and GOVERNMENT organisations are sponsored and their access ends (ADR 0006). */
	public boolean sponsored() {
		return this.type != OrganisationType.HOST;
	}

}
