package io.parley.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.parley.identity.person.Person;
import io.parley.identity.person.Role;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.security.OrganisationType;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Identity with its outbox relay on, against the real RabbitMQ on 127.0.0.1:5672 (platform's event tests use
 * the same): an offboarding leaves identity as {@code identity.member.offboarded} on {@code parley.events}, and
 * the outbox in the person's document is emptied once the broker confirmed it.
 */
@SpringBootTest(properties = { "parley.events.relay.enabled=true", "spring.rabbitmq.host=127.0.0.1" })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
class IdentityIntegrationTests {

	private static final String QUEUE = "identity-integration-test-" + UUID.randomUUID();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@BeforeAll
	static void listen() {
		RabbitAdmin admin = new RabbitAdmin(BROKER);
		TopicExchange exchange = new TopicExchange("parley.events", true, false);
		Queue queue = new Queue(QUEUE, false, false, false);
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("identity.member.#"));
	}

	@AfterAll
	static void stopListening() {
		new RabbitAdmin(BROKER).deleteQueue(QUEUE);
		BROKER.destroy();
	}

	@Test
	void givenOffboarding_whenTheCallReturns_thenMemberOffboardedReachesTheExchangeAndTheOutboxEmpties()
			throws Exception {
		KeycloakStub.get().reset().disablesAndLogsOutAnyone();
		UUID person = UUID.randomUUID();
		this.mongo.insert(new Person(person, "acme-security", OrganisationType.VENDOR, "Ira Integration",
				"ira-" + person + "@acme-security.example", Role.MEMBER, Person.Status.ACTIVE, null,
				Instant.now().plus(Duration.ofDays(30)), null, null, Instant.now(), Instant.now(), null, null, 1));

		this.mvc
			.perform(post("/api/identity/people/" + person + "/offboarding").header("Authorization",
					"Bearer " + io.parley.platform.test.FakeKeycloak.get().token("host-admin")))
			.andExpect(status().isNoContent());

		RabbitTemplate rabbit = new RabbitTemplate(BROKER);
		JsonMapper json = JsonMapper.builder().build();
		EventEnvelope received = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			Message message = rabbit.receive(QUEUE, 500);
			if (message == null) {
				return null;
			}
			EventEnvelope envelope = json.readValue(message.getBody(), EventEnvelope.class);
			return person.toString().equals(envelope.aggregateId()) ? envelope : null;
		}, (envelope) -> envelope != null);
		assertThat(received.type()).isEqualTo("identity.member.offboarded");
		assertThat(received.producer()).isEqualTo("identity");
		assertThat(received.data().get("personId").asString()).isEqualTo(person.toString());
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.mongo.findById(person, Document.class, "people")
				.getList("_outbox", Document.class, java.util.List.of())
				.isEmpty());
	}

}
