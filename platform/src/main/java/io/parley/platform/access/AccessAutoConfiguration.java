package io.parley.platform.access;

import java.time.Clock;

import io.parley.platform.events.EventSubscription;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Every servlet service refuses callers whose access ended ({@link AccessEndedFilter}). The record it asks is the
 * service's {@link AccessCheck} bean if it declares one (identity: its own people), else {@link AccessEnds} in the
 * service's Mongo database, which the service's event subscription feeds. A service with neither (platform's own
 * test application) gets no filter.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AccessAutoConfiguration {

	/**
	 * Right after Spring Security's chain (order -100), before anything that could answer for the application.
	 */
	static final int FILTER_ORDER = -99;

	@Bean
	@ConditionalOnBean(AccessCheck.class)
	FilterRegistrationBean<AccessEndedFilter> parleyAccessEndedFilter(AccessCheck access,
			ObjectProvider<Clock> clock) {
		FilterRegistrationBean<AccessEndedFilter> registration = new FilterRegistrationBean<>(
				new AccessEndedFilter(access, clock.getIfAvailable(Clock::systemUTC)));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MongoTemplate.class)
	@EnableConfigurationProperties(AccessEndsProperties.class)
	static class MongoAccessEnds {

		/** Only where events feed it: a service without a subscription would consult a record nobody writes. */
		@Bean
		@ConditionalOnMissingBean(AccessCheck.class)
		@ConditionalOnBean({ MongoTemplate.class, EventSubscription.class })
		AccessEnds parleyAccessEnds(MongoTemplate mongo, AccessEndsProperties properties) {
			return new AccessEnds(mongo, properties);
		}

	}

}
