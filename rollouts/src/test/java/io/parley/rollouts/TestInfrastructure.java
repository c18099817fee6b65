package io.parley.rollouts;

import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points rollouts at the test doubles, one of each per test JVM: the embedded Mongo-wire server and the fake realm
 * (JWKS for the tokens). RabbitMQ is the real one on 127.0.0.1:5672; the API tests do not need it to be up.
 *
 * <p>
 * The consumer's queue is this JVM's own and is deleted when it ends. A fixed name kept, between runs and while
 * other modules' tests ran, every identity event bound to it: the fixtures' {@code member.offboarded} from identity's
 * tests then ended the government liaison's access here.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String EVENTS_QUEUE = "rollouts-tests-" + UUID.randomUUID();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::deleteQueues, "rollouts-tests-queue"));
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues
			.of("spring.mongodb.uri=" + EmbeddedMongo.uri(),
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
					"parley.rollouts.events-queue=" + EVENTS_QUEUE)
			.applyTo(context);
	}

	private static void deleteQueues() {
		CachingConnectionFactory connection = new CachingConnectionFactory("127.0.0.1");
		try {
			RabbitAdmin admin = new RabbitAdmin(connection);
			admin.deleteQueue(EVENTS_QUEUE);
			admin.deleteQueue(EVENTS_QUEUE + ".dlq");
		}
		catch (RuntimeException ex) {
			// the broker is gone already: nothing left to tidy
		}
		finally {
			connection.destroy();
		}
	}

}
