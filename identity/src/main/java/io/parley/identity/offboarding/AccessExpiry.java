package io.parley.identity.offboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.parley.identity.person.AccessProperties;
import io.parley.identity.person.People;
import io.parley.identity.person.Person;
import io.parley.platform.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sponsored access ends by itself: reminders ({@code AccessExpiring}) before the end, offboarding on it. Each
 * step is a conditional single-document update, so several instances running this at once produce one reminder
 * and one {@code MemberOffboarded} per person.
 */
@Component
public class AccessExpiry {

	private static final Logger log = LoggerFactory.getLogger(AccessExpiry.class);

	private final People people;

	private final Offboarding offboarding;

	private final Clock clock;

	AccessExpiry(People people, Offboarding offboarding, Clock clock) {
		this.people = people;
		this.offboarding = offboarding;
		this.clock = clock;
	}

	void run() {
		runAt(this.clock.instant());
	}

	/** One pass as of {@code now}; returns what it did. */
	public Result runAt(Instant now) {
		int reminded = this.people.remindExpiring(now);
		int offboarded = 0;
		for (Person person : this.people.accessEnded(now)) {
			try {
				if (this.offboarding.offboard(person, Offboarding.ACCESS_ENDED)) {
					offboarded++;
				}
			}
			catch (Problem ex) {
				// Keycloak unavailable, or offboarded meanwhile: the next pass tries again
				log.warn("Could not end access of {}: {}", person.id(), ex.getBody().getDetail());
			}
		}
		if (reminded + offboarded > 0) {
			log.info("Access expiry: {} reminded, {} offboarded", reminded, offboarded);
		}
		return new Result(reminded, offboarded);
	}

	public record Result(int reminded, int offboarded) {
	}

	/** Every {@code parley.identity.access.check-interval}, first one minute after start. */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnBooleanProperty(name = "parley.identity.access.job-enabled", matchIfMissing = true)
	static class Schedule implements SchedulingConfigurer {

		private final AccessExpiry expiry;

		private final AccessProperties properties;

		Schedule(AccessExpiry expiry, AccessProperties properties) {
			this.expiry = expiry;
			this.properties = properties;
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar tasks) {
			tasks.addFixedDelayTask(new FixedDelayTask(this.expiry::run, this.properties.checkInterval(),
					Duration.ofMinutes(1)));
		}

	}

}
