package io.parley.notifications.push;

import io.parley.notifications.NotificationsProperties;

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

/** The push fanout's topology, this instance's listener on it, and the stream heartbeat. */
@Configuration(proxyBeanMethods = false)
class PushConfiguration implements SchedulingConfigurer {

	private final Streams streams;

	private final NotificationsProperties properties;

	PushConfiguration(Streams streams, NotificationsProperties properties) {
		this.streams = streams;
		this.properties = properties;
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
		registrar.addFixedDelayTask(this.streams::heartbeat, this.properties.push().heartbeat());
	}

}
