package io.parley.identity.invitation;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvitationTokensTests {

	@Test
	void givenNewTokens_whenDecoded_thenEach256RandomBitsInUrlSafeBase64() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			String token = InvitationTokens.newToken();
			assertThat(token).matches("[A-Za-z0-9_-]{43}");
			assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
			seen.add(token);
		}
		assertThat(seen).hasSize(100);
	}

	@Test
	void givenToken_whenHashing_thenHexSha256() {
		// SHA-256("abc") from FIPS 180-2, appendix B.1
		assertThat(InvitationTokens.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
