package io.parley.notifications.webhooks;

import io.parley.notifications.NotificationsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The address check and the secret box, from {@code parley.notifications.webhooks.*}. */
@Configuration(proxyBeanMethods = false)
class WebhooksConfiguration {

	@Bean
	Receivers webhookReceivers(NotificationsProperties properties, ObjectProvider<HostResolver> resolver) {
		return new Receivers(properties.webhooks().allowedAddresses(), resolver.getIfAvailable(HostResolver::system));
	}

	@Bean
	SecretBox webhookSecretBox(NotificationsProperties properties) {
		return new SecretBox(properties.webhooks().secretKey());
	}

}
