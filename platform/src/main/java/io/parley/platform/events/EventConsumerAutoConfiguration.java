package io.parley.platform.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The consuming side, switched on by an {@link EventSubscription} bean: topology, the manual-ack listener with
 * retries and dead-lettering, {@link Inbox} for idempotent writes, and the dead-letter replay endpoint.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration" })
@ConditionalOnClass({ MongoTemplate.class, RabbitTemplate.class })
@ConditionalOnSingleCandidate(EventSubscription.class)
@EnableConfigurationProperties(EventsProperties.class)
public class EventConsumerAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EventConsumerAutoConfiguration.class);

	@Bean
	Declarables parleyEventTopology(EventSubscription subscription, EventsProperties properties) {
		TopicExchange exchange = new TopicExchange(properties.exchange(), true, false);
		Queue queue = queue(subscription.queueName(), properties.consumer().quorum());
		Queue deadLetters = queue(subscription.deadLetterQueueName(), properties.consumer().quorum());
		List<Declarable> declarables = new ArrayList<>(List.of(exchange, queue, deadLetters));
		for (String type : subscription.boundTypes().keySet()) {
			Binding binding = BindingBuilder.bind(queue).to(exchange).with(type);
			declarables.add(binding);
		}
		return new Declarables(declarables);
	}

	private static Queue queue(String name, boolean quorum) {
		QueueBuilder queue = QueueBuilder.durable(name);
		// Only when asked for: RabbitMQ's queue arguments make the embedded Qpid broker close the connection.
		return quorum ? queue.quorum().build() : queue.build();
	}

	@Bean
	@ConditionalOnBean(MongoTemplate.class)
	Inbox parleyInbox(MongoTemplate mongo, ObjectProvider<MeterRegistry> meters) {
		return new Inbox(mongo, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnBean(CachingConnectionFactory.class)
	DeadLetters parleyDeadLetters(CachingConnectionFactory connectionFactory, AmqpAdmin admin,
			EventSubscription subscription, ObjectProvider<MeterRegistry> meters) {
		// Simple confirms on a connection of its own: moving a message to or from the dead-letter queue waits for
		// the broker's ack before the original is acknowledged, so a message is never in neither queue.
		CachingConnectionFactory deadLetterConnection = new CachingConnectionFactory(
				connectionFactory.getRabbitConnectionFactory());
		deadLetterConnection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
		deadLetterConnection.setConnectionNameStrategy((factory) -> subscription.queueName() + "-dead-letters");
		DeadLetters deadLetters = new DeadLetters(deadLetterConnection, admin, subscription);
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		Gauge.builder("parley.events.dead.letter.queue.depth", deadLetters, DeadLetters::count)
			.description("Messages in the dead-letter queue, -1 when the broker cannot be asked")
			.tag("queue", subscription.queueName())
			.register(registry);
		Gauge.builder("parley.events.consumer.queue.depth", deadLetters, DeadLetters::waiting)
			.description("Messages waiting in the subscription's queue, -1 when the broker cannot be asked")
			.tag("queue", subscription.queueName())
			.register(registry);
		return deadLetters;
	}

	@Bean
	@ConditionalOnBean(DeadLetters.class)
	SimpleMessageListenerContainer parleyEventListenerContainer(CachingConnectionFactory connectionFactory,
			DeadLetters deadLetters, EventSubscription subscription, EventsProperties properties,
			ObjectProvider<JsonMapper> json, ObjectProvider<MeterRegistry> meters) {
		EventsProperties.Consumer settings = properties.consumer();
		PublisherCheck publishers = new PublisherCheck(settings.publishers(), connectionFactory.getUsername());
		if (!publishers.enabled()) {
			log.info("Queue {} accepts events from any broker user: parley.events.consumer.publishers is not set",
					subscription.queueName());
		}
		EventDispatcher dispatcher = new EventDispatcher(subscription, json.getIfAvailable(JsonMapper::new),
				deadLetters.recoverer(), publishers, settings, Clock.systemUTC(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueueNames(subscription.queueName());
		container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		container.setMessageListener(dispatcher);
		container.setConcurrentConsumers(settings.concurrency());
		container.setPrefetchCount(settings.prefetch());
		// Keep trying to consume while the broker restarts; the queue may also appear after us.
		container.setRecoveryInterval(1000);
		container.setMissingQueuesFatal(false);
		return container;
	}

	@Bean
	@ConditionalOnBean(DeadLetters.class)
	DeadLettersEndpoint parleyDeadLettersEndpoint(DeadLetters deadLetters) {
		return new DeadLettersEndpoint(deadLetters);
	}

}
