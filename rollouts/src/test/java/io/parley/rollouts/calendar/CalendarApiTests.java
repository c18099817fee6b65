package io.parley.rollouts.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.rollouts.RolloutsApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The release calendar: the day's kernel-mode limit and freeze windows make a schedule wait for the host; releases
 * a person may not read show only as a time, a kind and kernel mode; collisions name only what the viewer may read.
 * Each test works on a day of its own, a month after anything before it, with a limit of two kernel-mode ring starts
 * a day (the other tests run with a limit nobody reaches).
 */
class CalendarApiTests extends RolloutsApiTest {

	private UUID workspace;

	private Instant day;

	@BeforeEach
	void freshDay() throws Exception {
		this.workspace = standardWorkspace();
		this.clock.advance(Duration.ofDays(30));
		this.day = LocalDate.ofInstant(now(), ZoneOffset.UTC).plusDays(1).atTime(8, 0).toInstant(ZoneOffset.UTC);
		policy(2);
	}

	@AfterEach
	void usualLimitAndNoFreezes() throws Exception {
		policy(1000);
		// the clock only moves forward: later tests would schedule into these windows
		this.mongo.remove(new org.springframework.data.mongodb.core.query.Query(), "freezes");
	}

	@Test
	void givenDayHoldingTheKernelModeLimit_whenSchedulingAnotherKernelModeRelease_thenItNeedsTheHostAndSaysWhy()
			throws Exception {
		UUID first = declare("partner-engineer", release(this.workspace, "KERNEL_DRIVER", "TLP:AMBER"));
		JsonNode scheduled = expect(200, act("partner-engineer", first, "schedule", Map.of("start", this.day.toString())));
		assertThat(scheduled.get("calendarConflicts")).isEmpty();

		UUID content = declare("other-engineer", release(this.workspace, "CONTENT_UPDATE", "TLP:AMBER"));
		assertThat(expect(200, act("other-engineer", content, "schedule", Map.of("start", this.day.toString())))
			.get("calendarConflicts")).as("content updates do not count against the kernel-mode limit").isEmpty();

		UUID second = declare("other-engineer", release(this.workspace, "SENSOR", "TLP:AMBER"));
		JsonNode conflicted = expect(200,
				act("other-engineer", second, "schedule", Map.of("start", this.day.plus(Duration.ofHours(1)).toString())));

		assertThat(conflicted.get("calendarConflicts")).singleElement()
			.extracting(JsonNode::asString)
			.isEqualTo(LocalDate.ofInstant(this.day, ZoneOffset.UTC)
					+ " already has 3 kernel-mode ring start(s) planned; the portal's limit is 2 a day");
		assertThat(conflicted.get("allowed").toString()).doesNotContain("\"start\"");
		assertThat(outbox(second).get(1).data().get("calendarConflicts").get(0).asString()).contains("already has 3");
	}

	@Test
	void givenFreezeWindow_whenSchedulingIntoIt_thenTheConflictNamesTheWindow() throws Exception {
		expect(201, this.mvc
			.perform(as("host-org-admin", json(post("/api/rollouts/calendar/freezes"), Map.of("from",
					this.day.minus(Duration.ofHours(8)).toString(), "to", this.day.plus(Duration.ofHours(16)).toString(),
					"reason", "Host monthly update day"))))
			.andReturn()
			.getResponse());
		UUID release = declare("partner-engineer", release(this.workspace, "CONFIGURATION", "TLP:AMBER"));

		JsonNode scheduled = expect(200, act("partner-engineer", release, "schedule", Map.of("start", this.day.toString())));

		assertThat(scheduled.get("calendarConflicts").get(0).asString()).isEqualTo("The start " + this.day
				+ " is in the freeze window 'Host monthly update day' (" + this.day.minus(Duration.ofHours(8)) + " to "
				+ this.day.plus(Duration.ofHours(16)) + ")");
	}

	@Test
	void givenReleasesSomeoneMayNotRead_whenTheyReadTheCalendar_thenTheyShowWithoutNamesAndCollisionsNameOnlyTheirs()
			throws Exception {
		Map<String, Object> secret = release(this.workspace, "KERNEL_DRIVER", "TLP:AMBER+STRICT");
		secret.put("namedOrganisations", List.of("host", "beta-labs"));
		UUID hidden = declare("partner-engineer", secret);
		expect(200, act("partner-engineer", hidden, "schedule", Map.of("start", this.day.toString())));
		UUID open = declare("other-engineer", release(this.workspace, "KERNEL_DRIVER", "TLP:AMBER"));
		expect(200, act("other-engineer", open, "schedule",
				Map.of("start", this.day.plus(Duration.ofMinutes(30)).toString())));

		JsonNode calendar = expect(200, this.mvc
			.perform(as("other-engineer", get("/api/rollouts/calendar").param("from", this.day.toString())
				.param("to", this.day.plus(Duration.ofHours(12)).toString())))
			.andReturn()
			.getResponse());

		assertThat(calendar.get("kernelModeStartsPerDay").asInt()).isEqualTo(2);
		JsonNode entries = calendar.get("entries");
		assertThat(entries).hasSize(6);
		assertThat(entries).filteredOn((entry) -> !entry.get("visible").asBoolean()).hasSize(3).allSatisfy((entry) -> {
			assertThat(entry.get("releaseId").isNull()).isTrue();
			assertThat(entry.get("organisationId").isNull()).isTrue();
			assertThat(entry.get("product").isNull()).isTrue();
			assertThat(entry.get("version").isNull()).isTrue();
			assertThat(entry.get("ringName").isNull()).isTrue();
			assertThat(entry.get("state").isNull()).isTrue();
			assertThat(entry.get("kind").asString()).isEqualTo("KERNEL_DRIVER");
			assertThat(entry.get("kernelMode").asBoolean()).isTrue();
		});
		assertThat(calendar.toString()).doesNotContain(hidden.toString());
		assertThat(entries).filteredOn((entry) -> entry.get("visible").asBoolean())
			.allSatisfy((entry) -> assertThat(entry.get("releaseId").asString()).isEqualTo(open.toString()));
		JsonNode collision = calendar.get("collisions").get(0);
		assertThat(collision.get("day").asString()).isEqualTo(LocalDate.ofInstant(this.day, ZoneOffset.UTC).toString());
		assertThat(collision.get("count").asInt()).isEqualTo(6);
		assertThat(collision.get("overLimit").asBoolean()).isTrue();
		assertThat(collision.get("releaseIds")).singleElement()
			.extracting(JsonNode::asString)
			.isEqualTo(open.toString());

		JsonNode insider = expect(200, this.mvc
			.perform(as("signer", get("/api/rollouts/calendar").param("from", this.day.toString())
				.param("to", this.day.plus(Duration.ofHours(12)).toString())))
			.andReturn()
			.getResponse());
		assertThat(insider.get("collisions").get(0).get("releaseIds")).hasSize(2);
	}

	@Test
	void givenBadPeriodsAndWindows_whenAsked_thenPreciseProblems() throws Exception {
		assertThat(problem(this.mvc.perform(as("partner-engineer",
				get("/api/rollouts/calendar").param("from", "2030-05-01T00:00:00Z").param("to", "2030-04-01T00:00:00Z")))
			.andReturn()
			.getResponse()
			.getContentAsString())).isEqualTo("to: must be after from.");
		assertThat(problem(this.mvc.perform(as("partner-engineer", get("/api/rollouts/calendar").param("from", "May")))
			.andReturn()
			.getResponse()
			.getContentAsString())).isEqualTo("from: a UTC time in ISO-8601 such as 2026-03-10T06:00:00Z.");
		assertThat(problem(this.mvc
			.perform(as("host-admin", json(post("/api/rollouts/calendar/freezes"),
					Map.of("from", "2030-05-02T00:00:00Z", "to", "2030-05-01T00:00:00Z", "reason", "Backwards"))))
			.andReturn()
			.getResponse()
			.getContentAsString())).isEqualTo("to: the window must end after it starts.");
	}

	private void policy(int kernelModeStartsPerDay) throws Exception {
		expect(200, this.mvc
			.perform(as("host-admin", json(put("/api/rollouts/policy"), Map.of("kernelModeKinds",
					List.of("KERNEL_DRIVER", "SENSOR"), "hostSignOffBeforeLeavingFirstRing", true, "minimumRings", 2,
					"minimumSoak", "PT1H", "kernelModeStartsPerDay", kernelModeStartsPerDay))))
			.andReturn()
			.getResponse());
	}

	private static String problem(String body) {
		return JSON.readTree(body).get("detail").asString();
	}

}
