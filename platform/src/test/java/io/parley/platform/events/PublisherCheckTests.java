package io.parley.platform.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may publish what, on the validated {@code user_id} of a message; {@link PublisherTrustTests} runs it for real. */
class PublisherCheckTests {

	private static final JsonMapper JSON = new JsonMapper();

	private final PublisherCheck check = new PublisherCheck(
			Map.of("identity", "parley-identity", "workspace", "parley-workspace"), "parley-notifications");

	@Test
	void givenEventFromItsOwnersUser_whenChecked_thenAccepted() {
		assertThat(this.check.refusal(offboarded("identity"), published("parley-identity", null))).isNull();
	}

	@Test
	void givenOwnersEventFromAnotherUser_whenChecked_thenRefusedSayingWho() {
		assertThat(this.check.refusal(offboarded("identity"), published("parley-workspace", null)))
			.isEqualTo("published by broker user parley-workspace, but only parley-identity may publish identity events");
		assertThat(this.check.refusal(offboarded("identity"), published(null, null))).contains("(none given)");
	}

	@Test
	void givenEnvelopeNamingAnotherProducerThanTheTypesOwner_whenChecked_thenRefused() {
		assertThat(this.check.refusal(offboarded("workspace"), published("parley-workspace", null)))
			.contains("belongs to identity").contains("producer workspace");
	}

	@Test
	void givenForgedValidatedUserHeader_whenNotRepublishedByThisConsumer_thenIgnored() {
		assertThat(this.check.refusal(offboarded("identity"), published("parley-workspace", "parley-identity")))
			.contains("published by broker user parley-workspace");
	}

	@Test
	void givenOwnersEventThisConsumerDeadLettered_whenReplayed_thenStillAccepted() {
		MessageProperties properties = published("parley-identity", null);
		this.check.markForRepublishing(properties);

		assertThat(properties.getUserId()).isEqualTo("parley-notifications");
		assertThat(this.check.refusal(offboarded("identity"), redelivered(properties))).isNull();
	}

	@Test
	void givenForgedEventThisConsumerDeadLettered_whenReplayed_thenStillRefused() {
		MessageProperties properties = published("parley-workspace", "parley-identity");
		this.check.markForRepublishing(properties);

		assertThat((String) properties.getHeader(PublisherCheck.VALIDATED_USER_HEADER)).isEqualTo("parley-workspace");
		assertThat(this.check.refusal(offboarded("identity"), redelivered(properties))).isNotNull();
	}

	@Test
	void givenNoPublishersConfigured_whenChecked_thenOff() {
		PublisherCheck off = new PublisherCheck(Map.of(), "guest");

		assertThat(off.enabled()).isFalse();
		assertThat(off.refusal(offboarded("workspace"), published(null, null))).isNull();
	}

	/** The copy published with {@code properties} as the broker hands it to a consumer again. */
	private static MessageProperties redelivered(MessageProperties properties) {
		MessageProperties copy = new MessageProperties();
		copy.setReceivedUserId(properties.getUserId());
		properties.getHeaders().forEach(copy::setHeader);
		return copy;
	}

	private static EventEnvelope offboarded(String producer) {
		return new EventEnvelope(UUID.randomUUID(), "identity.member.offboarded", Instant.now(), producer,
				UUID.randomUUID().toString(), 1, JSON.createObjectNode());
	}

	private static MessageProperties published(String userId, String validatedHeader) {
		MessageProperties properties = new MessageProperties();
		properties.setReceivedUserId(userId);
		if (validatedHeader != null) {
			properties.setHeader(PublisherCheck.VALIDATED_USER_HEADER, validatedHeader);
		}
		return properties;
	}

}
