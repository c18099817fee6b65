package io.parley.identity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points identity at the test doubles, one of each per test JVM: the embedded Mongo-wire server, the fake realm
 * (JWKS for the tokens), WireMock as Keycloak's token and admin API, GreenMail as the SMTP server. The expiry
 * schedule is off: tests run the job themselves. Tests that read the outbox switch the relay off.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static final GreenMail MAIL = startMail();

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
		return mail;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues
			.of("spring.mongodb.uri=" + EmbeddedMongo.uri(),
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + FakeKeycloak.get().issuer(),
					"parley.identity.keycloak.base-url=" + KeycloakStub.get().baseUrl(),
					"spring.mail.host=127.0.0.1", "spring.mail.port=" + MAIL.getSmtp().getPort(),
					"parley.identity.access.job-enabled=false")
			.applyTo(context);
	}

}
