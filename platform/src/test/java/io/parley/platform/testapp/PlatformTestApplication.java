package io.parley.platform.testapp;

import io.parley.platform.security.Caller;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A tiny service that uses the platform defaults exactly as identity, workspace and notifications do. */
@SpringBootApplication
class PlatformTestApplication {

	@RestController
	static class ProbeController {

		@GetMapping("/api/probe/caller")
		Caller caller(Caller caller) {
			return caller;
		}

		@GetMapping("/api/probe/fail")
		String fail() {
			throw new IllegalStateException("database password is hunter2");
		}

	}

}
