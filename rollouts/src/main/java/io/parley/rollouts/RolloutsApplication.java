package io.parley.rollouts;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RolloutsApplication {

	public static void main(String[] args) {
		SpringApplication.run(RolloutsApplication.class, args);
	}

	/**
	 * The time every rule here reads (soak times, scheduled starts, reports from the future, the calendar); tests
	 * give theirs precedence ({@code @Primary}) and move it, so nothing here ever sleeps.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
