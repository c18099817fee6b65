package io.parley.platform.test;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What every Parley resource server must do with a bearer token, run against the real filter chain of the service
 * that extends it: the token is validated against a fake realm's JWKS, nothing is mocked inside the service.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class ResourceServerContract {

	@Autowired
	protected MockMvc mvc;

	@DynamicPropertySource
	static void fakeKeycloak(DynamicPropertyRegistry registry) {
		FakeKeycloak.register(registry);
	}

	/** A GET endpoint of the service that any authenticated member may call. */
	protected abstract String protectedPath();

	private MockHttpServletRequestBuilder call(String token) {
		return get(protectedPath()).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
	}

	@Test
	void givenValidToken_whenCallingApi_thenOk() throws Exception {
		this.mvc.perform(call(FakeKeycloak.get().token("partner-engineer"))).andExpect(status().isOk());
	}

	@Test
	void givenNoToken_whenCallingApi_thenUnauthorizedProblem() throws Exception {
		this.mvc.perform(get(protectedPath()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, org.hamcrest.Matchers.startsWith("Bearer")))
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:unauthenticated"))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void givenExpiredToken_whenCallingApi_thenUnauthorized() throws Exception {
		String expired = FakeKeycloak.get()
			.tokenFor("partner-engineer")
			.expiredAt(Instant.now().minusSeconds(600))
			.sign();
		this.mvc.perform(call(expired)).andExpect(status().isUnauthorized());
	}

	@Test
	void givenTokenFromAnotherIssuer_whenCallingApi_thenUnauthorized() throws Exception {
		String foreign = FakeKeycloak.get()
			.tokenFor("partner-engineer")
			.withIssuer("http://127.0.0.1:8180/realms/other")
			.sign();
		this.mvc.perform(call(foreign)).andExpect(status().isUnauthorized());
	}

	@Test
	void givenTokenForAnotherAudience_whenCallingApi_thenUnauthorized() throws Exception {
		String otherAudience = FakeKeycloak.get().tokenFor("partner-engineer").withAudience("account").sign();
		this.mvc.perform(call(otherAudience)).andExpect(status().isUnauthorized());
	}

	@Test
	void givenTokenSignedByAnotherKey_whenCallingApi_thenUnauthorized() throws Exception {
		String forged = FakeKeycloak.get().tokenFor("partner-engineer").signedByStranger().sign();
		this.mvc.perform(call(forged)).andExpect(status().isUnauthorized());
	}

	@Test
	void givenGarbageToken_whenCallingApi_thenUnauthorized() throws Exception {
		this.mvc.perform(call("not-a-jwt")).andExpect(status().isUnauthorized());
	}

}
