package io.parley.notifications.webhooks;

import java.net.InetAddress;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static io.parley.notifications.webhooks.WebhooksApiTest.DNS;
import static io.parley.notifications.webhooks.WebhooksApiTest.OWN;

/** The webhook tests' clock, DNS, and the removal of their exchange and queues when the context closes. */
@TestConfiguration(proxyBeanMethods = false)
class WebhookTestDoubles {

	@Bean
	@Primary
	WebhooksApiTest.MovableClock movableClock() {
		return new WebhooksApiTest.MovableClock();
	}

	@Bean
	HostResolver testDns() {
		return (host) -> {
			String address = DNS.get(host);
			return (address != null) ? new InetAddress[] { InetAddress.getByName(address) }
					: InetAddress.getAllByName(host);
		};
	}

	/** Removes this run's exchange and queues when the context closes. */
	@Bean
	DisposableBean ownEventsRemoval(AmqpAdmin admin) {
		return () -> {
			admin.deleteQueue(OWN);
			admin.deleteQueue(OWN + ".dlq");
			admin.deleteExchange(OWN);
		};
	}

}

