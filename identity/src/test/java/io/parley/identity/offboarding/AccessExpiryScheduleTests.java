package io.parley.identity.offboarding;

import java.time.Duration;

import io.parley.identity.person.AccessProperties;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;

class AccessExpiryScheduleTests {

	@Test
	void givenCheckInterval_whenSchedulingTheJob_thenFixedDelayOfThatIntervalAfterAMinute() {
		AccessProperties properties = new AccessProperties(Duration.ofDays(180), Duration.ofDays(365),
				Duration.ofDays(14), Duration.ofMinutes(7), true);
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

		new AccessExpiry.Schedule(new AccessExpiry(null, null, null), properties).configureTasks(registrar);

		assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies((task) -> {
			assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(7));
			assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofMinutes(1));
		});
	}

}
