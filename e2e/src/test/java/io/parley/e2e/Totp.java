package io.parley.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.awaitility.Awaitility.await;

/** RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s), as an authenticator app computes them from Keycloak's secret. */
final class Totp {

	/** The demo liaison's secret in the realm (Keycloak keys the HMAC with the secret's UTF-8 bytes). */
	static final String DEMO_LIAISON_SECRET = "parley-demo-totp-secret-20";

	/** Per secret, the last 30 s step whose code was typed into Keycloak by these tests. */
	private static final Map<String, Long> USED = new ConcurrentHashMap<>();

	private Totp() {
	}

	/**
	 * A code Keycloak has not accepted yet. Keycloak takes each code once: a second sign-in in the same 30 s step
	 * (two journeys signing the liaison in one after the other) would be refused with "Invalid authenticator code",
	 * so after a sign-in in this step it waits for the next one.
	 */
	static synchronized String unusedCode(String secret) {
		Long used = USED.get(secret);
		if (used != null) {
			await().atMost(Duration.ofSeconds(35))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Instant.now().getEpochSecond() / 30 > used);
		}
		Instant now = Instant.now();
		USED.put(secret, now.getEpochSecond() / 30);
		return code(secret, now);
	}

	static String code(String secret, Instant at) {
		return code(secret.getBytes(StandardCharsets.UTF_8), at);
	}

	/** From the base32 secret Keycloak shows when someone sets up an authenticator app ("Unable to scan?"). */
	static String codeFromBase32(String base32, Instant at) {
		return code(base32Decode(base32), at);
	}

	static String code(byte[] key, Instant at) {
		long step = at.getEpochSecond() / 30;
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
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

	static byte[] base32Decode(String base32) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		String clean = base32.replaceAll("[\\s=]", "").toUpperCase(java.util.Locale.ROOT);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : clean.toCharArray()) {
			int value = alphabet.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("not base32: " + c);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
