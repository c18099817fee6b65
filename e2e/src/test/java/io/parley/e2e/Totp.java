package io.parley.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s), as an authenticator app computes them from Keycloak's secret. */
final class Totp {

	/** The demo liaison's secret in the realm (Keycloak keys the HMAC with the secret's UTF-8 bytes). */
	static final String DEMO_LIAISON_SECRET = "parley-demo-totp-secret-20";

	private Totp() {
	}

	static String code(String secret, Instant at) {
		long step = at.getEpochSecond() / 30;
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
