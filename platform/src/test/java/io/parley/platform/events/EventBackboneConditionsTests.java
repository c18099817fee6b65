package io.parley.platform.events;

import io.parley.platform.test.EmbeddedMongo;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A service that does not opt in (identity today) gets nothing from the backbone. */
class EventBackboneConditionsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				RabbitAutoConfiguration.class, EventOutboxAutoConfiguration.class,
				EventConsumerAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=" + EmbeddedMongo.uri(), "spring.mongodb.database=conditions",
				"parley.events.relay.enabled=false");

	@Test
	void givenServiceThatDidNotOptIn_whenStarting_thenNoBackboneBeans() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(EventRecorder.class)
			.doesNotHaveBean(OutboxRelay.class)
			.doesNotHaveBean(OutboxMonitor.class)
			.doesNotHaveBean(Declarables.class)
			.doesNotHaveBean(SimpleMessageListenerContainer.class));
	}

	@Test
	void givenProducerNameButNoMongoOnClasspath_whenStarting_thenNoBackboneBeans() {
		this.runner.withClassLoader(new FilteredClassLoader(MongoTemplate.class))
			.withPropertyValues("parley.events.producer=identity")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EventRecorder.class));
	}

	@Test
	void givenProducerName_whenStarting_thenRecorderAndHealthButNoConsumer() {
		this.runner.withPropertyValues("parley.events.producer=workspace")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(EventRecorder.class)
				.hasSingleBean(OutboxMonitor.class)
				.doesNotHaveBean(OutboxRelay.class) // switched off on this instance
				.doesNotHaveBean(SimpleMessageListenerContainer.class));
	}

	@Test
	void givenSubscription_whenStarting_thenTopologyListenerAndReplayEndpoint() {
		this.runner
			.withBean(EventSubscription.class,
					() -> EventSubscription.queue("conditions").on(CounterIncremented.class, (event, envelope) -> {
					}))
			.withPropertyValues("spring.rabbitmq.listener.simple.auto-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(Declarables.class)
					.hasSingleBean(Inbox.class)
					.hasSingleBean(DeadLettersEndpoint.class)
					.doesNotHaveBean(EventRecorder.class);
				assertThat(context.getBean(Declarables.class).getDeclarables()).hasSize(4);
			});
	}

}
