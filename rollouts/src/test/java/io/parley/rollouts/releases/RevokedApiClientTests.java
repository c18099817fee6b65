package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.rollouts.RolloutsApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A revoked API client's last tokens stay valid for their lifespan (5 minutes); rollouts refuses them as soon as it
 * has heard {@code identity.machine-client.revoked} (ADR 0030), through platform's record of whose access ended.
 */
class RevokedApiClientTests extends RolloutsApiTest {

	@Autowired
	EventSubscription subscription;

	@Test
	void givenARevokedClientsStillValidToken_whenTheRevocationIsDelivered_thenItsRequestsAre401AndChangeNothing()
			throws Exception {
		UUID release = inRing0(standardWorkspace(), "SENSOR");
		UUID serviceAccount = UUID.randomUUID();
		String token = apiClientToken(serviceAccount);
		expect(200, this.mvc.perform(get(RELEASES + "/" + release).header(HttpHeaders.AUTHORIZATION, token))
			.andReturn()
			.getResponse());
		expect(201, reportWith(token, release));

		EventEnvelope revoked = revocation(serviceAccount);
		EventSamples.deliver(this.subscription, revoked, JSON);

		JsonNode refused = expect(401, this.mvc
			.perform(get(RELEASES + "/" + release).header(HttpHeaders.AUTHORIZATION, token))
			.andReturn()
			.getResponse());
		assertThat(refused.get("type").asString()).isEqualTo("urn:parley:problem:access-revoked");
		assertThat(refused.get("detail").asString()).contains("API client was revoked");
		int events = outbox(release).size();
		long reports = this.mongo.count(new Query(), "health_reports");
		expect(401, reportWith(token, release));
		assertThat(outbox(release)).hasSize(events);
		assertThat(this.mongo.count(new Query(), "health_reports"))
			.isEqualTo(reports);

		// delivered again (at least once): still refused, nothing else touched
		EventSamples.deliver(this.subscription, revoked, JSON);
		expect(401, this.mvc.perform(get(RELEASES + "/" + release).header(HttpHeaders.AUTHORIZATION, token))
			.andReturn()
			.getResponse());
		// the organisation's other client still reports
		this.clock.advance(Duration.ofMinutes(1));
		expect(201, report("acme-pipeline", release, 0, 5000, 0, 0));
	}

	private MockHttpServletResponse reportWith(String token, UUID release) throws Exception {
		return this.mvc
			.perform(json(post(RELEASES + "/" + release + "/rings/0/health"), health(now(), 5000, 5000, 0, 0, 0))
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.header(HttpHeaders.AUTHORIZATION, token))
			.andReturn()
			.getResponse();
	}

}
