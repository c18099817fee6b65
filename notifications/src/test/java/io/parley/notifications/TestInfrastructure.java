package io.parley.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventTypes;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The test doubles of a notifications test JVM, one of each: the embedded Mongo-wire server, the fake realm, and
 * GreenMail as the SMTP server. RabbitMQ is the real one on 127.0.0.1:5672. Also: tokens for people made up by a
 * test, and publishing envelopes to {@code parley.events} as identity, workspace and rollouts would.
 */
public final class TestInfrastructure {

	public static final GreenMail MAIL = startMail();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	private static final RabbitTemplate RABBIT = new RabbitTemplate(BROKER);

	private TestInfrastructure() {
	}

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
		return mail;
	}

	/**
	 * Command-line arguments (they win over every config file) pointing an instance at the doubles; {@code more}
	 * ({@code name=value}) adds settings or replaces one of these (a command line naming a setting twice would give
	 * it both values, comma-separated).
	 */
	public static String[] arguments(String eventsQueue, String... more) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("server.port", "0");
		settings.put("spring.mongodb.uri", EmbeddedMongo.uri());
		settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", FakeKeycloak.get().issuer());
		settings.put("spring.mail.port", String.valueOf(MAIL.getSmtp().getPort()));
		settings.put("parley.notifications.events-queue", eventsQueue);
		// the digest runs only when a test calls it with its own clock
		settings.put("parley.notifications.digest.check-interval", "1000d");
		settings.put("parley.notifications.push.heartbeat", "1s");
		for (String setting : more) {
			settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
		}
		return settings.entrySet().stream().map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
	}

	/** A signed access token for a person a test made up; {@code sid} is their browser session. */
	public static String token(Person person, String sid) {
		FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
		Map<String, Object> claims = new LinkedHashMap<>(template.claims());
		claims.put("sub", person.id().toString());
		claims.put("name", person.name());
		claims.put("email", person.email());
		claims.put("org", person.organisation());
		claims.put("org_type", person.organisationType());
		claims.put("sid", sid);
		return new FakeKeycloak.Token(claims, template.issuer(), template.audience(), template.expiresAt(),
				template.key())
			.sign();
	}

	public record Person(UUID id, String name, String email, String organisation, String organisationType) {

		public static Person of(String organisation, String organisationType) {
			UUID id = UUID.randomUUID();
			String handle = "p" + id.toString().substring(0, 8);
			return new Person(id, "Person " + handle, handle + "@" + organisation + ".example", organisation,
					organisationType);
		}

	}

	/**
	 * Publishes an event as its producer's relay would: persistent, JSON, message id = event id, and {@code user_id}
	 * the connection's broker user ({@code guest}), which RabbitMQ validates: a test may turn the consumer's
	 * publisher check on with {@code guest} as every producer's user.
	 */
	public static EventEnvelope publish(Object event) {
		EventEnvelope envelope = envelope(event);
		publish(envelope);
		return envelope;
	}

	/** An envelope around {@code event} with a fresh id, as its producer would record it. */
	public static EventEnvelope envelope(Object event) {
		String type = EventTypes.typeOf(event.getClass());
		return new EventEnvelope(UUID.randomUUID(), type, Instant.now().truncatedTo(ChronoUnit.MILLIS),
				type.substring(0, type.indexOf('.')), UUID.randomUUID().toString(), 1, JSON.valueToTree(event));
	}

	public static void publish(EventEnvelope envelope) {
		Message message = MessageBuilder.withBody(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
			.setContentType("application/json")
			.setMessageId(envelope.id().toString())
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setUserId(BROKER.getUsername())
			.build();
		RABBIT.send("parley.events", envelope.type(), message);
	}

}
