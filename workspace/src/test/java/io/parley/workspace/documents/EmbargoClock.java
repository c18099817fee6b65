package io.parley.workspace.documents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.parley.platform.test.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Business time for the embargo tests: one clock for the test's own context and any further instance a test
 * starts, so that "T has come" is the same moment for all of them. It only moves when a test moves it.
 */
@TestConfiguration(proxyBeanMethods = false)
class EmbargoClock {

	static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	@Bean
	@Primary
	MutableClock movedByTests() {
		return CLOCK;
	}

}
