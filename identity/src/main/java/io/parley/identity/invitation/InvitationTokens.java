package io.parley.identity.invitation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Invitation tokens: 256 random bits, URL-safe base64 in the link; only their SHA-256 is stored. A plain hash (no
 * salt, no slow KDF) is enough because the token has full entropy: nobody can guess one to compare hashes against,
 * and an exact lookup by hash needs it deterministic.
 */
final class InvitationTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private InvitationTokens() {
	}

	static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

}
