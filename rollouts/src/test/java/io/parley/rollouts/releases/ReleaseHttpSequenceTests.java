package io.parley.rollouts.releases;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.rollouts.RolloutsApiTest;
import io.parley.rollouts.releases.ReleasePropertyTests.Advance;
import io.parley.rollouts.releases.ReleasePropertyTests.Halt;
import io.parley.rollouts.releases.ReleasePropertyTests.Model;
import io.parley.rollouts.releases.ReleasePropertyTests.Report;
import io.parley.rollouts.releases.ReleasePropertyTests.Resume;
import io.parley.rollouts.releases.ReleasePropertyTests.RollBack;
import io.parley.rollouts.releases.ReleasePropertyTests.SignOff;
import io.parley.rollouts.releases.ReleasePropertyTests.Step;
import io.parley.rollouts.releases.ReleasePropertyTests.Wait;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property of {@link ReleasePropertyTests} once more, through the whole service over HTTP: sequences drawn from
 * the same generator are sent as the people and the machine client would send them (access checks, conditional
 * writes and all), and after every step the stored release must be the model's and every ring it left earned. No
 * shrinking here (jqwik does not run inside Spring's test context); a failure prints the sequence.
 */
class ReleaseHttpSequenceTests extends RolloutsApiTest {

	/** acme-security, host, other-vendor: the signers of the aggregate's property, by index. */
	private static final List<String> SIGNERS = List.of("partner-engineer", "host-engineer", "other-engineer");

	@RepeatedTest(6)
	void givenARandomSequence_whenSentOverHttp_thenTheStoredReleaseIsTheModelsAndEveryLeftRingWasEarned()
			throws Exception {
		Kind kind = Arbitraries.of(Kind.SENSOR, Kind.KERNEL_DRIVER, Kind.CONTENT_UPDATE).sample();
		List<Step> steps = new ReleasePropertyTests().steps().list().ofMinSize(12).ofMaxSize(25).sample();
		UUID workspace = standardWorkspace();
		Map<String, Object> body = release(workspace, kind.name(), "TLP:AMBER");
		body.put("rings", List.of(gated("canary", 10), gated("pilot", 20, "host"), gated("broad", 30)));
		@SuppressWarnings("unchecked")
		Map<String, Object> canary = (Map<String, Object>) ((List<Object>) body.get("rings")).get(0);
		canary.put("signOffOrganisations", ReleasePropertyTests.SIGN_OFFS.get(0));
		UUID release = declare("partner-engineer", body);
		expect(200, act("partner-engineer", release, "schedule", Map.of("start", now().toString())));
		expect(200, act("partner-engineer", release, "start"));
		Model model = new Model(Policy.defaults().kernelMode(kind), now());

		for (Step step : steps) {
			if (step instanceof Wait wait) {
				this.clock.advance(Duration.ofMinutes(wait.minutes()));
				continue;
			}
			int ring = model.ring;
			boolean expected = model.apply(step, now());
			MockHttpServletResponse response = send(release, ring, step);
			assertThat(response.getStatus() / 100 == 2).as("%s of %s: %s", step, steps, response.getContentAsString())
				.isEqualTo(expected);
			Release stored = Release.from(ReleaseDocuments.read(stored(release)));
			assertThat(stored.state()).as("state after %s of %s", step, steps).isEqualTo(model.state);
			assertThat(stored.currentRing()).as("ring after %s of %s", step, steps).isEqualTo(model.ring);
			ReleasePropertyTests.assertEveryLeftRingWasEarned(stored, kind);
		}
	}

	/** canary, pilot, broad with the aggregate property's gates: 2 ‰ crashes, 1 ‰ boot failures, 100 devices. */
	private static Map<String, Object> gated(String name, double share, String... signers) {
		Map<String, Object> ring = RolloutsApiTest.ring(name, share, ReleasePropertyTests.SOAK.toString(), signers);
		ring.put("gates", Map.of("maxCrashPerMille", 2.0, "maxBootFailurePerMille", 1.0, "minDevicesReporting", 100));
		return ring;
	}

	private MockHttpServletResponse send(UUID release, int ring, Step step) throws Exception {
		if (step instanceof Report report) {
			return report("acme-pipeline", release, ring + report.ringOffset(), UUID.randomUUID().toString(),
					health(now().plusSeconds(report.observedOffsetSeconds()), report.updated(), report.reporting(),
							report.crashes(), report.bootFailures(), 0));
		}
		if (step instanceof SignOff signOff) {
			return act(SIGNERS.get(signOff.signer()), release, "rings/" + (ring + signOff.ringOffset()) + "/sign-offs",
					signOff.go() ? Map.of("decision", "GO") : Map.of("decision", "NO_GO", "reason", "not yet"));
		}
		if (step instanceof Halt halt) {
			return act(halt.byHost() ? "host-engineer" : "other-engineer", release, "halt", Map.of("reason", "stop"));
		}
		if (step instanceof Resume resume) {
			return act(resume.byHost() ? "host-engineer" : "partner-engineer", release, "resume");
		}
		if (step instanceof Advance) {
			return act("partner-engineer", release, "advance");
		}
		if (step instanceof RollBack) {
			return act("partner-engineer", release, "roll-back", Map.of("reason", "bad"));
		}
		throw new IllegalArgumentException(step.toString());
	}

}
