package io.parley.identity.organisation;

import java.time.Instant;
import java.util.List;

import io.parley.platform.security.OrganisationType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrganisationTests {

	private static Organisation withDomains(String... domains) {
		return new Organisation("acme", "ACME", OrganisationType.VENDOR, List.of(domains), true, Instant.now(), null, 1);
	}

	@Test
	void givenDomains_whenCheckingAddresses_thenTheDomainAndItsSubdomainsOnly() {
		Organisation acme = withDomains("acme.example");
		assertThat(acme.admits("a@acme.example")).isTrue();
		assertThat(acme.admits("a@EU.Acme.Example")).isTrue();
		assertThat(acme.admits("a@evilacme.example")).isFalse();
		assertThat(acme.admits("a@acme.example.evil.org")).isFalse();
	}

	@Test
	void givenNoDomains_whenCheckingAddresses_thenAnyIsAdmitted() {
		assertThat(withDomains().admits("anyone@anywhere.example")).isTrue();
	}

	@Test
	void givenTypes_whenAskingWhetherSponsored_thenOnlyVendorAndGovernment() {
		assertThat(new Organisation("h", "H", OrganisationType.HOST, List.of(), true, Instant.now(), null, 1).sponsored())
			.isFalse();
		assertThat(new Organisation("g", "G", OrganisationType.GOVERNMENT, List.of(), true, Instant.now(), null, 1)
			.sponsored()).isTrue();
	}

}
