package io.parley.e2e;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTests {

	@Test
	void givenRfc6238TestVector_whenComputingCode_thenLastSixDigitsMatch() {
		// RFC 6238 appendix B, SHA1 seed "12345678901234567890": 94287082 at T=59, 07081804 at T=1111111109
		assertThat(Totp.code("12345678901234567890", Instant.ofEpochSecond(59))).isEqualTo("287082");
		assertThat(Totp.code("12345678901234567890", Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
	}

	@Test
	void givenBase32OfTheSeed_whenComputingCode_thenSameCodeAsFromTheRawSeed() {
		// "12345678901234567890" in base32, grouped the way Keycloak shows it
		String shown = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ";
		assertThat(Totp.codeFromBase32(shown, Instant.ofEpochSecond(59))).isEqualTo("287082");
	}

}
