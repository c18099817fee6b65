package io.parley.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Endpoints' signing secrets at rest: AES-256-GCM under a key from configuration, with the endpoint's id as
 * associated data (a stored secret copied onto another endpoint does not open). Someone who reads the database but
 * not the configuration cannot sign as Parley.
 */
final class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private static final String PREFIX = "aes-gcm:";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKey key;

	SecretBox(String configured) {
		this.key = key(configured);
	}

	/** Thrown when a stored secret does not open with this key (another key, or the stored value was changed). */
	static final class Unreadable extends RuntimeException {

		Unreadable(Throwable cause) {
			super("the endpoint's secret cannot be decrypted with the configured key", cause);
		}

	}

	String seal(String secret, String endpointId) {
		byte[] iv = new byte[12];
		RANDOM.nextBytes(iv);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, endpointId);
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, out, 0, iv.length);
			System.arraycopy(sealed, 0, out, iv.length, sealed.length);
			return PREFIX + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	String open(String sealed, String endpointId) {
		try {
			byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, 12), endpointId);
			return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException | StringIndexOutOfBoundsException ex) {
			throw new Unreadable(ex);
		}
	}

	private Cipher cipher(int mode, byte[] iv, String endpointId) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(128, iv));
		cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static SecretKey key(String configured) {
		if (configured.isBlank()) {
			byte[] generated = new byte[32];
			RANDOM.nextBytes(generated);
			log.warn("Webhook secrets are encrypted with a key generated for this start: set "
					+ "NOTIFICATIONS_WEBHOOKS_SECRET_KEY (32 random bytes, Base64) on every instance, or endpoints "
					+ "registered now cannot sign after a restart until their secret is rotated");
			return new SecretKeySpec(generated, "AES");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(configured.trim().replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"NOTIFICATIONS_WEBHOOKS_SECRET_KEY is not Base64: make one with `openssl rand -base64 32`", ex);
		}
		if (key.length != 32) {
			Arrays.fill(key, (byte) 0);
			throw new IllegalStateException("NOTIFICATIONS_WEBHOOKS_SECRET_KEY must be 32 bytes (AES-256), it decodes to "
					+ key.length + ": make one with `openssl rand -base64 32`");
		}
		return new SecretKeySpec(key, "AES");
	}

}
