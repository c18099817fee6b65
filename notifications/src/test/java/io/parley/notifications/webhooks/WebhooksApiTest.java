package io.parley.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.parley.notifications.TestInfrastructure;
import io.parley.notifications.directory.Directory;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One notifications instance for the webhook tests (every subclass shares its context): its own exchange, queue and
 * database, WireMock on 127.0.0.1 as the organisations' receiving system (the one allow-listed address), a clock the
 * tests move, and a DNS of the tests' own for names they make up. People are made up per test; their tokens carry
 * the roles a test gives them.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(WebhookTestDoubles.class)
abstract class WebhooksApiTest {

	/** Exchange, queue and database: at most 64 characters, a MongoDB database name's limit. */
	static final String OWN = "webhooks-tests-" + UUID.randomUUID();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final WireMockServer RECEIVER = startReceiver();

	/** What the tests' DNS answers; anything else is looked up for real. */
	static final Map<String, String> DNS = new ConcurrentHashMap<>();

	static final Duration FIRST_RETRY = Duration.ofSeconds(30);

	@Autowired
	MockMvc mvc;

	@Autowired
	MovableClock clock;

	@Autowired
	Directory directory;

	@Autowired
	RabbitTemplate rabbit;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		FakeKeycloak.register(registry);
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> OWN);
		registry.add("parley.events.exchange", () -> OWN);
		registry.add("parley.notifications.events-queue", () -> OWN);
		registry.add("parley.notifications.webhooks.allowed-addresses", () -> "127.0.0.1");
		registry.add("parley.notifications.webhooks.secret-key",
				() -> Base64.getEncoder().encodeToString("webhook-tests-key-32-bytes-long!".getBytes(StandardCharsets.US_ASCII)));
		registry.add("parley.notifications.webhooks.poll-interval", () -> "200ms");
		registry.add("parley.notifications.webhooks.read-timeout", () -> "1s");
		registry.add("parley.notifications.webhooks.first-retry", () -> FIRST_RETRY.toString());
		registry.add("parley.notifications.digest.check-interval", () -> "1000d");
		registry.add("parley.notifications.mail.retry-interval", () -> "1000d");
	}

	private static WireMockServer startReceiver() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	/** A person of {@code organisation} with these realm roles, and a token saying so. */
	record Someone(String id, String organisation, String token) {

		static Someone of(String organisation, String... roles) {
			String id = UUID.randomUUID().toString();
			FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
			Map<String, Object> claims = new LinkedHashMap<>(template.claims());
			claims.put("sub", id);
			claims.put("name", "Person " + id.substring(0, 8));
			claims.put("email", id.substring(0, 8) + "@" + organisation + ".example");
			claims.put("org", organisation);
			claims.put("org_type", "VENDOR");
			claims.put("realm_access", Map.of("roles", List.of(roles)));
			return new Someone(id, organisation,
					new FakeKeycloak.Token(claims, template.issuer(), template.audience(), template.expiresAt(),
							template.key())
						.sign());
		}

		MockHttpServletRequestBuilder sign(MockHttpServletRequestBuilder request) {
			return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token);
		}

	}

	static String organisation() {
		return "org-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, Object body) {
		return request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
	}

	/** Puts these people into the workspace, as workspace's events would. */
	void members(UUID workspace, Someone... people) {
		for (Someone person : people) {
			this.directory.on(new WorkspaceMemberAdded(workspace, UUID.fromString(person.id()), person.organisation(),
					"CONTRIBUTOR"));
		}
	}

	/** Publishes an event to this instance's exchange as its producer's relay would. */
	EventEnvelope publish(Object event) {
		EventEnvelope envelope = TestInfrastructure.envelope(event);
		publish(envelope);
		return envelope;
	}

	void publish(EventEnvelope envelope) {
		Message message = MessageBuilder.withBody(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
			.setContentType("application/json")
			.setMessageId(envelope.id().toString())
			.build();
		this.rabbit.send(OWN, envelope.type(), message);
	}

	static JsonNode read(String body) {
		return JSON.readTree(body);
	}

	/** A clock the tests move; the worker's due times and back-off are read from it. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
