package io.parley.notifications.mail;

import java.time.Clock;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.preferences.Preferences;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The digest job and mail retries, on the intervals {@code parley.notifications.*} sets. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration implements SchedulingConfigurer {

	private final NotificationsProperties properties;

	private final Mailer mailer;

	private final DigestJob digest;

	MailConfiguration(NotificationsProperties properties, Mailer mailer, Entries entries, Preferences preferences,
			Directory directory, Clock clock) {
		this.properties = properties;
		this.mailer = mailer;
		this.digest = new DigestJob(entries, preferences, directory, mailer, clock, properties);
	}

	@Bean
	DigestJob digestJob() {
		return this.digest;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this.digest::run, this.properties.digest().checkInterval());
		registrar.addFixedDelayTask(this.mailer::retry, this.properties.mail().retryInterval());
	}

}
