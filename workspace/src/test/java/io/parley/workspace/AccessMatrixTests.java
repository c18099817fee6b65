package io.parley.workspace;

import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Who may call each endpoint of the audit trail, member organisations, members' roles and announcements that names a
 * workspace: every caller against every endpoint, with the answer each must get. Besides the exact statuses, the one
 * number that must stay 0 is how many callers without the right got a 2xx.
 */
class AccessMatrixTests extends WorkspaceApiTest {

	private static final String OWNER = "host-admin";

	private static final String CONTRIBUTOR = "partner-engineer";

	private static final String READER = "gov-liaison";

	private static final String AUDITOR = "auditor";

	private static final String NEIGHBOUR = "neighbour";

	private static final String OUTSIDER = "outsider";

	private static final String ANONYMOUS = "anonymous";

	private static final String OFFBOARDED = "departed";

	private static final List<String> CALLERS = List.of(CONTRIBUTOR, READER, AUDITOR, NEIGHBOUR, OUTSIDER, ANONYMOUS,
			OFFBOARDED, OWNER);

	/** One endpoint: how to call it on a workspace, and who may. */
	private record Endpoint(String name, Function<UUID, MockHttpServletRequestBuilder> request, Set<String> allowed,
			int success) {
	}

	@Test
	void givenEveryCaller_whenCallingEveryEndpointOfAWorkspace_thenOnlyThoseWithTheRightSucceed() throws Exception {
		UUID workspace = createWorkspace(unique("Matrix"));
		addMember(workspace, CONTRIBUTOR, "CONTRIBUTOR");
		addMember(workspace, READER, "READER");
		addMember(workspace, OFFBOARDED, "READER");
		UUID elsewhere = createWorkspace(unique("Next door"));
		addMember(elsewhere, NEIGHBOUR, "CONTRIBUTOR");
		addOrganisation(workspace, "leaving-org");
		offboard(OFFBOARDED);

		Set<String> audit = Set.of(OWNER, AUDITOR);
		Set<String> owners = Set.of(OWNER);
		Set<String> members = Set.of(OWNER, CONTRIBUTOR, READER);
		List<Endpoint> endpoints = List.of(
				new Endpoint("read audit", (id) -> get("/api/workspaces/" + id + "/audit"), audit, 200),
				new Endpoint("verify audit", (id) -> get("/api/workspaces/" + id + "/audit/verify"), audit, 200),
				new Endpoint("export audit", (id) -> get("/api/workspaces/" + id + "/audit/export"), audit, 200),
				new Endpoint("add organisation", (id) -> json(post("/api/workspaces/" + id + "/organisations"),
						Map.of("organisationId", "new-org")), owners, 201),
				new Endpoint("remove organisation",
						(id) -> delete("/api/workspaces/" + id + "/organisations/leaving-org"), owners, 204),
				// the reader's own role again: the owner's call (last) succeeds without changing what others get
				new Endpoint("change a member's role",
						(id) -> json(put("/api/workspaces/" + id + "/members/" + subjectOf(READER) + "/role"),
								Map.of("role", "READER")),
						owners, 200),
				new Endpoint("announce", (id) -> json(post("/api/workspaces/" + id + "/announcements"),
						Map.of("title", "Hello", "body", "Text", "label", "TLP:CLEAR")), owners, 201),
				new Endpoint("read announcements", (id) -> get("/api/workspaces/" + id + "/announcements"), members,
						200));

		Map<String, Integer> answers = new LinkedHashMap<>();
		List<String> unauthorisedSuccesses = new ArrayList<>();
		List<String> wrongAnswers = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			// the owner goes last: its changes must not decide what the others get
			for (String caller : CALLERS) {
				int status = call(caller, endpoint.request().apply(workspace));
				String cell = endpoint.name() + " as " + caller;
				answers.put(cell, status);
				boolean allowed = endpoint.allowed().contains(caller);
				if (!allowed && status >= 200 && status < 300) {
					unauthorisedSuccesses.add(cell);
				}
				int expected = expected(endpoint, caller, allowed);
				if (status != expected) {
					wrongAnswers.add(cell + ": " + status + " instead of " + expected);
				}
			}
		}

		assertThat(unauthorisedSuccesses).as("unauthorised 2xx").isEmpty();
		assertThat(wrongAnswers).as("answers %s", answers).isEmpty();
		assertThat(answers).hasSize(endpoints.size() * CALLERS.size());
	}

	/** Not signed in or offboarded: 401; no member (other workspace, other organisation): 404; member: 403. */
	private static int expected(Endpoint endpoint, String caller, boolean allowed) {
		if (caller.equals(ANONYMOUS) || caller.equals(OFFBOARDED)) {
			return 401;
		}
		if (allowed) {
			return endpoint.success();
		}
		return Set.of(CONTRIBUTOR, READER).contains(caller) ? 403 : 404;
	}

	private int call(String caller, MockHttpServletRequestBuilder request) throws Exception {
		MockHttpServletRequestBuilder signed = caller.equals(ANONYMOUS) ? request : as(caller, request);
		return this.mvc.perform(signed).andReturn().getResponse().getStatus();
	}

	private void addOrganisation(UUID workspace, String organisation) throws Exception {
		int status = call(OWNER,
				json(post("/api/workspaces/" + workspace + "/organisations"), Map.of("organisationId", organisation)));
		assertThat(status).isEqualTo(201);
	}

	/** What consuming identity's MemberOffboarded records first (see OffboardingTests for the event itself). */
	private void offboard(String fixture) {
		this.mongo.upsert(new Query(where("_id").is(subjectOf(fixture))),
				new Update().set("offboardedAt", Date.from(Instant.now())), "offboarded_people");
	}

}
