package io.parley.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.test.FakeKeycloak;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Identity's API tests: the whole service with its real filter chain, against the test doubles of
 * {@link TestInfrastructure}. All test classes share one application context. The outbox relay is off, so
 * what a change recorded stays in the aggregate's outbox for the test to read.
 */
@SpringBootTest(properties = "parley.events.relay.enabled=false")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
public abstract class IdentityApiTest {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected MongoTemplate mongo;

	protected static MockHttpServletRequestBuilder as(String fixture, MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(fixture));
	}

	protected static UUID subjectOf(String fixture) {
		return UUID.fromString((String) FakeKeycloak.claims(fixture).get("sub"));
	}

	/** The events waiting in an aggregate's outbox, oldest first, as the relay would publish them. */
	protected List<EventEnvelope> outbox(String collection, Object id) {
		Document document = this.mongo.findOne(new Query(where("_id").is(id)), Document.class, collection);
		List<EventEnvelope> events = new ArrayList<>();
		if (document != null) {
			for (Document entry : document.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

	protected List<String> outboxTypes(String collection, Object id) {
		return outbox(collection, id).stream().map(EventEnvelope::type).toList();
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
