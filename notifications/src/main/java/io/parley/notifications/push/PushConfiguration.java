package io.parley.notifications.push;

import java.time.Clock;
import java.time.Instant;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.inbox.Entries;
import io.parley.platform.access.AccessEnds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The push fanout's topology, this instance's listener on it, and the stream heartbeat, which also closes the streams
 * of people whose sponsored access has ended (an offboarding closes them at once, through the fanout) and asks the
 * inbox for entries the streams noticed they lack.
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(PushConfiguration.class);

	private final Streams streams;

	private final NotificationsProperties properties;

	private final AccessEnds access;

	private final Entries entries;

	private final Clock clock;

	PushConfiguration(Streams streams, NotificationsProperties properties, AccessEnds access, Entries entries,
			Clock clock) {
		this.streams = streams;
		this.properties = properties;
		this.access = access;
		this.entries = entries;
		this.clock = clock;
	}

	@Bean
	FanoutExchange pushExchange() {
		return new FanoutExchange(this.properties.push().exchange(), true, false);
	}

	/**
	 * One queue per instance, gone with it (exclusive, auto-delete). Named, without arguments, rather than
	 * Spring's {@code AnonymousQueue}: the embedded Qpid broker of devstack refuses RabbitMQ-only queue arguments.
	 */
	@Bean
	Queue pushQueue() {
		return new Queue("notifications.push." + this.streams.instanceId(), false, true, true);
	}

	@Bean
	Binding pushBinding(Queue pushQueue, FanoutExchange pushExchange) {
		return BindingBuilder.bind(pushQueue).to(pushExchange);
	}

	@Bean
	SimpleMessageListenerContainer pushListenerContainer(ConnectionFactory connectionFactory, Queue pushQueue,
			PushFanout fanout) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueues(pushQueue);
		// a lost push costs nothing the inbox and Last-Event-ID replay cannot give back
		container.setAcknowledgeMode(AcknowledgeMode.NONE);
		container.setMessageListener(fanout);
		container.setRecoveryInterval(1000);
		return container;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::heartbeat, this.properties.push().heartbeat());
	}

	private void heartbeat() {
		for (String personId : this.access.ended(this.streams.holders(), this.clock.instant())) {
			log.info("Streams of person {} closed: their access has ended", personId);
			this.streams.closePerson(personId);
		}
		this.streams.heartbeat();
		askForGaps();
	}

	/**
	 * Positions a stream here did not get, asked of the inbox: stored late, or stored by an instance whose push never
	 * came (it died first, the broker lost it). One query per person with gaps; none otherwise.
	 */
	private void askForGaps() {
		Instant now = this.clock.instant();
		this.streams.gaps().forEach((personId, positions) -> this.streams.found(personId,
				this.entries.at(personId, positions)));
		this.streams.expireGaps(now.minus(this.properties.push().gapGrace()));
	}

}
