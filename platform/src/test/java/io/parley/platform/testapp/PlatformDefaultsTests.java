package io.parley.platform.testapp;

import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.ResourceServerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ExtendWith(OutputCaptureExtension.class)
class PlatformDefaultsTests extends ResourceServerContract {

	@Override
	protected String protectedPath() {
		return "/api/probe/caller";
	}

	@Test
	void givenGovernmentToken_whenResolvingCaller_thenClaimsMapToCaller() throws Exception {
		this.mvc
			.perform(get("/api/probe/caller").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("0c9e7a52-1d4f-4b3e-8a6c-5e7f9a1b2c33"))
			.andExpect(jsonPath("$.name").value("Gabriel Liaison"))
			.andExpect(jsonPath("$.email").value("gov.liaison@gov-cert.example"))
			.andExpect(jsonPath("$.organisation").value("gov-cert"))
			.andExpect(jsonPath("$.organisationType").value("GOVERNMENT"))
			.andExpect(jsonPath("$.roles").value(containsInAnyOrder("member")));
	}

	@Test
	void givenOrganisationsApiClient_whenCallingAServiceForPeople_thenForbiddenBeforeAnyController() throws Exception {
		this.mvc
			.perform(get("/api/probe/caller").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("acme-pipeline")))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail").value(containsString("API clients may not use")));
	}

	@Test
	void givenUnexpectedError_whenCallingApi_thenProblemWithoutInternals() throws Exception {
		this.mvc
			.perform(get("/api/probe/fail").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("partner-engineer")))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:internal-error"))
			.andExpect(content().string(not(containsString("hunter2"))));
	}

	@Test
	void givenTraceparentFromGateway_whenServiceLogs_thenLogLineCarriesTheSameTraceId(CapturedOutput output)
			throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		this.mvc
			.perform(get("/api/probe/fail").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("partner-engineer"))
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))
			.andExpect(status().isInternalServerError());
		assertThat(output.getAll().lines().filter((line) -> line.contains("Unhandled error")))
			.anySatisfy((line) -> assertThat(line).contains(traceId));
	}

	@Test
	void givenUnknownPath_whenCallingWithToken_thenNotFoundProblem() throws Exception {
		this.mvc
			.perform(get("/api/probe/nothing-here").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("partner-engineer")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
	}

	@Test
	void givenNoToken_whenProbingHealth_thenUp() throws Exception {
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
	}

	@Test
	void givenNoToken_whenScrapingMetrics_thenPrometheusText() throws Exception {
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("jvm_memory_used_bytes")))
			// every meter names its service (ADR 0036); this test app has no spring.application.name
			.andExpect(content().string(containsString("jvm_info{application=\"unnamed\"")));
	}

}
