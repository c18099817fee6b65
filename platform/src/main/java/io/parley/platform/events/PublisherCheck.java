package io.parley.platform.events;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.MessageProperties;

/**
 * Whether an event really comes from the service that owns its type. RabbitMQ validates the {@code user_id} property
 * against the user of the publishing connection (a message naming another user is refused), so once every service
 * connects as a broker user of its own, {@code user_id} says who published. The owner of a type is its first segment
 * ({@code identity.member.offboarded} belongs to {@code identity}), the envelope must name the same producer, and
 * {@code parley.events.consumer.publishers} says which broker user that producer connects as.
 * <p>
 * A message this consumer moved to its dead-letter queue was republished by this consumer's own broker user; the
 * user the broker validated on the first publish travels with it in {@link #VALIDATED_USER_HEADER}, written here and
 * trusted only on a message whose {@code user_id} is this consumer's own user (nobody else can publish as that
 * user), so a replay from the dead-letter queue is accepted exactly when the original would have been.
 * <p>
 * With no publishers configured the check is off: the embedded Qpid broker of devstack does not validate
 * {@code user_id} (unless its {@code qpid.broker_msgAuth} context variable is set), and there every service is
 * {@code guest} anyway.
 */
final class PublisherCheck {

	static final String VALIDATED_USER_HEADER = "x-parley-validated-user-id";

	private final Map<String, String> publishers;

	private final @Nullable String ownUser;

	PublisherCheck(Map<String, String> publishers, @Nullable String ownUser) {
		this.publishers = Map.copyOf(publishers);
		this.ownUser = ownUser;
	}

	boolean enabled() {
		return !this.publishers.isEmpty();
	}

	/** Why this event must not be processed, or null when it comes from its owner (or the check is off). */
	@Nullable String refusal(EventEnvelope envelope, MessageProperties properties) {
		if (!enabled()) {
			return null;
		}
		String type = envelope.type();
		String owner = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
		if (!owner.equals(envelope.producer())) {
			return "event type " + type + " belongs to " + owner + " but the envelope names producer "
					+ envelope.producer();
		}
		String expected = this.publishers.get(owner);
		if (expected == null) {
			return "no broker user is configured for producer " + owner + " (parley.events.consumer.publishers)";
		}
		String publisher = publisher(properties);
		if (expected.equals(publisher)) {
			return null;
		}
		return "published by broker user " + ((publisher != null) ? publisher : "(none given)") + ", but only "
				+ expected + " may publish " + owner + " events";
	}

	/**
	 * The broker user that published the original message: its validated {@code user_id}, or for a copy this
	 * consumer made itself (dead-letter queue, replay), the user recorded when the copy was made.
	 */
	@Nullable String publisher(MessageProperties properties) {
		// Spring AMQP puts an incoming message's user_id here; getUserId() is what an outgoing message will carry.
		String userId = properties.getReceivedUserId();
		if (userId != null && userId.equals(this.ownUser)
				&& properties.getHeaders().get(VALIDATED_USER_HEADER) instanceof String original) {
			return original;
		}
		return userId;
	}

	/**
	 * Prepares a message for republishing to the dead-letter queue by this consumer: the broker would refuse a
	 * {@code user_id} other than ours, so ours goes in, and the user that published the original is kept in the
	 * header (any value a publisher put there itself is overwritten).
	 */
	void markForRepublishing(MessageProperties properties) {
		String publisher = publisher(properties);
		properties.setUserId(this.ownUser); // what the copy is published with
		if (publisher != null) {
			properties.setHeader(VALIDATED_USER_HEADER, publisher);
		}
		else {
			properties.getHeaders().remove(VALIDATED_USER_HEADER);
		}
	}

}
