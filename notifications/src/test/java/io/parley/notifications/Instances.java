package io.parley.notifications;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifications.TestInfrastructure.Person;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What the integration tests do with running notifications instances: start them on a queue of their own, set up
 * people and workspaces as identity and workspace would (events), choose preferences as a person would (the API),
 * and observe inbox entries, mails and the consumer's counter.
 */
final class Instances {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	private Instances() {
	}

	static ConfigurableApplicationContext start(String queue, String... more) {
		return new SpringApplicationBuilder(NotificationsApplication.class)
			.run(TestInfrastructure.arguments(queue, more));
	}

	/** Stops the instances, then removes their queue and its dead-letter queue from the broker. */
	static void stop(String queue, ConfigurableApplicationContext... instances) {
		for (ConfigurableApplicationContext instance : instances) {
			instance.close();
		}
		CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1");
		RabbitAdmin admin = new RabbitAdmin(broker);
		admin.deleteQueue(queue);
		admin.deleteQueue(queue + ".dlq");
		broker.destroy();
	}

	/** A new workspace with these people as contributors, once the instance's projection knows all of them. */
	static UUID workspaceWith(ConfigurableApplicationContext instance, Person... people) {
		UUID workspace = UUID.randomUUID();
		TestInfrastructure.publish(new WorkspaceCreated(workspace, "Working group " + workspace, "TLP:RED",
				people[0].id()));
		for (Person person : people) {
			join(person);
			TestInfrastructure.publish(new WorkspaceMemberAdded(workspace, person.id(), person.organisation(),
					"contributor"));
		}
		MongoTemplate mongo = instance.getBean(MongoTemplate.class);
		await().until(() -> mongo.count(new Query(where("workspaceId").is(workspace.toString())),
				"memberships") == people.length
				&& people.length == mongo.count(new Query(where("_id")
					.in(Arrays.stream(people).map((p) -> p.id().toString()).toList())
					.and("email")
					.exists(true)), "people"));
		return workspace;
	}

	static void join(Person person) {
		TestInfrastructure.publish(new MemberJoined(person.id(), person.organisation(), person.organisationType(),
				person.name(), person.email()));
	}

	/** Sets a person's preferences through the API, as they would, and expects them saved. */
	static void choose(ConfigurableApplicationContext instance, Person person, @Nullable String timeZone,
			Map<String, String> channels) throws Exception {
		HttpResponse<String> response = putPreferences(instance, person, timeZone, channels);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	static HttpResponse<String> putPreferences(ConfigurableApplicationContext instance, Person person,
			@Nullable String timeZone, Map<String, String> channels) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		if (timeZone != null) {
			body.put("timeZone", timeZone);
		}
		body.put("channels", channels);
		return HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + "/api/notifications/preferences"))
			.header("Authorization", "Bearer " + TestInfrastructure.token(person, "prefs"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static List<Document> entries(ConfigurableApplicationContext instance, Person person, String type) {
		return instance.getBean(MongoTemplate.class)
			.find(new Query(where("recipientId").is(person.id().toString()).and("type").is(type)), Document.class,
					"notifications");
	}

	/** Subject and every text part of each mail GreenMail received for the person. */
	static List<String> mailsTo(Person person) throws Exception {
		List<String> mails = new ArrayList<>();
		for (MimeMessage message : TestInfrastructure.MAIL.getReceivedMessages()) {
			if (message.getAllRecipients()[0].toString().equals(person.email())) {
				mails.add(message.getSubject() + "\n" + text(message));
			}
		}
		return mails;
	}

	/** Every text part of a mail, decoded (plain and HTML). */
	private static String text(Part part) throws Exception {
		Object content = part.getContent();
		if (content instanceof String text) {
			return text + "\n";
		}
		if (content instanceof Multipart multipart) {
			StringBuilder all = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				all.append(text(child));
			}
			return all.toString();
		}
		return "";
	}

	/** Events the instances' consumers finished with (handled or dropped) on this queue. */
	static double consumed(String queue, ConfigurableApplicationContext... instances) {
		double total = 0;
		for (ConfigurableApplicationContext instance : instances) {
			Counter counter = instance.getBean(MeterRegistry.class)
				.find("parley.events.consumed")
				.tag("queue", queue)
				.counter();
			total += (counter != null) ? counter.count() : 0;
		}
		return total;
	}

	/** The status of a GET as the person whose token it is. */
	static int call(ConfigurableApplicationContext instance, String path, String token) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
	}

}
