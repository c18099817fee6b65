package io.parley.rollouts;

import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points rollouts at the test doubles, one of each per test JVM: the embedded Mongo-wire server and the fake realm
 * (JWKS for the tokens). RabbitMQ is the real one on 127.0.0.1:5672; the API tests do not need it to be up.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues
			.of("spring.mongodb.uri=" + EmbeddedMongo.uri(),
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer())
			.applyTo(context);
	}

}
