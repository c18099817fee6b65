package io.parley.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTests {

	@Test
	void givenClientCredentialsToken_whenReadAsCaller_thenMachineOfItsOrganisation() {
		Caller caller = Caller.from(token(Map.of("sub", "5d0c6c8e-2f7a-4a51-9d3e-0b1c2d3e4f50", "azp",
				"api-acme-security-k3j9x2m4qp", "preferred_username", "service-account-api-acme-security-k3j9x2m4qp",
				"org", "acme-security", "org_type", "VENDOR", "realm_access",
				Map.of("roles", List.of("default-roles-parley", "machine")))));

		assertThat(caller.isMachine()).isTrue();
		assertThat(caller.organisation()).isEqualTo("acme-security");
		assertThat(caller.organisationType()).isEqualTo(OrganisationType.VENDOR);
		assertThat(caller.hasRole(Caller.MEMBER)).isFalse();
	}

	@Test
	void givenPersonToken_whenReadAsCaller_thenNotAMachine() {
		Caller caller = Caller.from(token(Map.of("sub", "3a6f1c0e-8b2d-4e71-9c5a-0d1e2f3a4b51", "name", "Alex Acme",
				"org", "acme-security", "org_type", "VENDOR", "realm_access",
				Map.of("roles", List.of("org-admin", "member")))));

		assertThat(caller.isMachine()).isFalse();
	}

	private static Jwt token(Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
		claims.forEach(builder::claim);
		return builder.build();
	}

}
