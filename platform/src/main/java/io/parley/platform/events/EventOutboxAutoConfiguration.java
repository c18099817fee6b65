package io.parley.platform.events;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The producing side: {@link EventRecorder}, the relay, backlog metrics and the {@code outbox} health indicator.
 * Only for a service that names itself with {@code parley.events.producer} and has Mongo and AMQP on its
 * classpath; a service without them is not touched.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration" })
@ConditionalOnClass({ MongoTemplate.class, RabbitTemplate.class })
@ConditionalOnProperty(prefix = "parley.events", name = "producer")
@EnableConfigurationProperties(EventsProperties.class)
public class EventOutboxAutoConfiguration {

	@Bean
	OutboxCollections parleyOutboxCollections(EventsProperties properties) {
		return new OutboxCollections(properties.relay().collections());
	}

	@Bean
	@ConditionalOnBean(MongoTemplate.class)
	EventRecorder parleyEventRecorder(MongoTemplate mongo, ObjectProvider<JsonMapper> json, EventsProperties properties,
			OutboxCollections collections, ObjectProvider<OutboxRelay> relay) {
		// The relay is looked up lazily: a service may record with the relay switched off on this instance.
		return new EventRecorder(mongo, json.getIfAvailable(JsonMapper::new), properties.producer(), Clock.systemUTC(),
				collections, (collection, id) -> relay.ifAvailable((it) -> it.wakeUp(collection, id)));
	}

	@Bean
	@ConditionalOnBean({ MongoTemplate.class, CachingConnectionFactory.class })
	@ConditionalOnBooleanProperty(name = "parley.events.relay.enabled", matchIfMissing = true)
	OutboxRelay parleyOutboxRelay(MongoTemplate mongo, CachingConnectionFactory connectionFactory,
			EventsProperties properties, OutboxCollections collections, ObjectProvider<MeterRegistry> meters) {
		// Its own connection with correlated confirms and returns, whatever the service configured for its other
		// publishing; sharing the underlying client factory keeps host, credentials and TLS in one place. Not a
		// bean: a second ConnectionFactory bean would make Boot's own RabbitTemplate ambiguous.
		CachingConnectionFactory relayConnection = new CachingConnectionFactory(
				connectionFactory.getRabbitConnectionFactory());
		relayConnection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		relayConnection.setPublisherReturns(true);
		relayConnection.setConnectionNameStrategy((factory) -> properties.producer() + "-outbox-relay");
		RabbitTemplate template = new RabbitTemplate(relayConnection);
		template.setMandatory(true);
		// The relay reads returns from each message's CorrelationData; this only keeps the template from warning.
		template.setReturnsCallback((returned) -> {
		});
		return new OutboxRelay(mongo, template, collections, properties, Clock.systemUTC(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnBean(MongoTemplate.class)
	OutboxMonitor parleyOutboxMonitor(MongoTemplate mongo, OutboxCollections collections, EventsProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		return new OutboxMonitor(mongo, collections, properties.relay().stuckAfter(), Clock.systemUTC(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
