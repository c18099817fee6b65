package io.parley.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTests {

	/**
	 * The example of the Standard Webhooks specification (github.com/standard-webhooks, "Verifying signatures"):
	 * this secret, id, timestamp and body give exactly this signature.
	 */
	@Test
	void givenTheSpecificationsExample_whenSigning_thenItsSignature() {
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
		String body = "{\"test\": 2432232314}";

		assertThat(Signatures.sign(secret, id, 1614265330L, body))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void givenANewSecret_whenSigning_thenAPlainHmacOfIdTimestampAndBodyVerifies() throws Exception {
		String secret = Signatures.newSecret();
		assertThat(secret).startsWith("whsec_");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
		String expected = "v1," + Base64.getEncoder()
			.encodeToString(mac.doFinal("msg_1.1700000000.{}".getBytes(StandardCharsets.UTF_8)));

		assertThat(Signatures.sign(secret, "msg_1", 1700000000L, "{}")).isEqualTo(expected);
	}

	@Test
	void givenASealedSecret_whenOpenedForAnotherEndpointOrWithAnotherKey_thenUnreadable() {
		String key = Base64.getEncoder().encodeToString(new byte[32]);
		SecretBox box = new SecretBox(key);
		String sealed = box.seal("whsec_abc", "endpoint-1");

		assertThat(sealed).doesNotContain("whsec_abc");
		assertThat(box.open(sealed, "endpoint-1")).isEqualTo("whsec_abc");
		assertThatThrownBy(() -> box.open(sealed, "endpoint-2")).isInstanceOf(SecretBox.Unreadable.class);
		assertThatThrownBy(() -> new SecretBox("").open(sealed, "endpoint-1")).isInstanceOf(SecretBox.Unreadable.class);
		assertThatThrownBy(() -> new SecretBox("c2hvcnQ=")).hasMessageContaining("must be 32 bytes");
	}

}
