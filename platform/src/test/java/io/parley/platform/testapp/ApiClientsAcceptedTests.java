package io.parley.platform.testapp;

import io.parley.platform.test.FakeKeycloak;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A service that says it serves API clients (rollouts) lets them through and decides itself what they may do. */
@SpringBootTest(properties = "parley.security.api-clients-accepted=true")
@AutoConfigureMockMvc
class ApiClientsAcceptedTests {

	@Autowired
	MockMvc mvc;

	@DynamicPropertySource
	static void fakeKeycloak(DynamicPropertyRegistry registry) {
		FakeKeycloak.register(registry);
	}

	@Test
	void givenServiceAcceptingApiClients_whenAnApiClientCalls_thenItReachesTheControllerAsAMachineCaller()
			throws Exception {
		this.mvc
			.perform(get("/api/probe/caller").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("acme-pipeline")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.organisation").value("acme-security"));
	}

}
