package io.parley.platform.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The one sample of every event type ({@code platform/src/test/resources/events/<type>.json}), shared with the
 * services through platform's test-jar. A producer test checks that what it records has the sample's shape; a
 * consumer test checks that every sample it binds to reads into its classes. Change a contract and both sides'
 * builds notice.
 */
public final class EventSamples {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EventSamples() {
	}

	/** Type to sample envelope, read from every {@code events/*.json} on the classpath. */
	public static Map<String, JsonNode> all() {
		Map<String, JsonNode> samples = new TreeMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:events/*.json")) {
				try (InputStream in = resource.getInputStream()) {
					JsonNode sample = JSON.readTree(in);
					String fileName = resource.getFilename();
					assertThat(fileName).as("sample file name").isEqualTo(sample.get("type").asString() + ".json");
					samples.put(sample.get("type").asString(), sample);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return samples;
	}

	public static JsonNode sample(String type) {
		JsonNode sample = all().get(type);
		if (sample == null) {
			fail("No sample for event type " + type + " under platform/src/test/resources/events/");
		}
		return sample;
	}

	public static EventEnvelope envelope(String type) {
		return JSON.treeToValue(sample(type), EventEnvelope.class);
	}

	/**
	 * Consumer side: every type the subscription binds has a sample, and the sample reads into the handler's class
	 * without losing or inventing a field (read, write back, compare).
	 */
	public static void assertConsumerReadsEverySample(EventSubscription subscription, JsonMapper json) {
		subscription.boundTypes().forEach((type, eventClass) -> {
			EventEnvelope envelope = json.treeToValue(sample(type), EventEnvelope.class);
			assertThat(envelope.type()).isEqualTo(type);
			Object event = json.treeToValue(envelope.data(), eventClass);
			assertThat((Object) json.valueToTree(event)).as("%s read into %s and written back", type, eventClass)
				.isEqualTo(envelope.data());
		});
	}

	/**
	 * Hands {@code envelope} to the handler the subscription binds for its type, on the calling thread, as the
	 * consumer would after reading it from the queue: for tests that need a delivery to have happened before their
	 * next step (the broker path itself is tested by each service's integration tests).
	 */
	public static void deliver(EventSubscription subscription, EventEnvelope envelope, JsonMapper json)
			throws Exception {
		EventSubscription.Handler<?> handler = subscription.handler(envelope.type());
		assertThat(handler).as("a handler for %s on %s", envelope.type(), subscription.queueName()).isNotNull();
		handler.handle(json.treeToValue(envelope.data(), handler.eventClass()), envelope);
	}

	/** Producer side: the recorded envelope has the same fields, of the same JSON kinds, as the type's sample. */
	public static void assertMatchesSample(EventEnvelope produced, JsonMapper json) {
		JsonNode sample = sample(produced.type());
		assertSameShape(produced.type(), json.valueToTree(produced), sample);
	}

	private static void assertSameShape(String path, JsonNode actual, JsonNode expected) {
		if (expected.isNull() || actual.isNull()) {
			return; // a nullable field: either side may leave it empty
		}
		assertThat(actual.getNodeType()).as("kind of %s", path).isEqualTo(expected.getNodeType());
		if (expected.isObject()) {
			assertThat(fieldNames(actual)).as("fields of %s", path).isEqualTo(fieldNames(expected));
			for (String name : fieldNames(expected).keySet()) {
				assertSameShape(path + "." + name, actual.get(name), expected.get(name));
			}
		}
	}

	private static Map<String, Boolean> fieldNames(JsonNode node) {
		Map<String, Boolean> names = new TreeMap<>();
		for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext();) {
			names.put(it.next(), true);
		}
		return names;
	}

}
