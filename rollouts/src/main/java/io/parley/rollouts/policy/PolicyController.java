package io.parley.rollouts.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.rollouts.releases.Kind;
import io.parley.rollouts.releases.Policy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/rollouts/policy}: anyone signed in reads it (it explains refusals), portal admins change it. */
@RestController
@Tag(name = "Policy")
class PolicyController {

	private final PolicyStore policies;

	PolicyController(PolicyStore policies) {
		this.policies = policies;
	}

	@GetMapping("/api/rollouts/policy")
	@Operation(summary = "The portal's rollout policy")
	PolicyView get() {
		return PolicyView.of(this.policies.current());
	}

	@PutMapping("/api/rollouts/policy")
	@Operation(summary = "Change the portal's rollout policy (portal admins)")
	PolicyView put(Caller caller, @Valid @RequestBody PolicyView request) {
		if (!caller.hasRole(Caller.PORTAL_ADMIN)) {
			throw Problem.forbidden("Only portal admins change the rollout policy.");
		}
		return PolicyView.of(this.policies.change(caller, request.toPolicy()));
	}

	record PolicyView(@NotNull(message = "is required") List<@NotNull(message = "is required") String> kernelModeKinds,
			@NotNull(message = "is required") Boolean hostSignOffBeforeLeavingFirstRing,
			@NotNull(message = "is required") Integer minimumRings, @NotBlank(message = "is required") String minimumSoak,
			@NotNull(message = "is required") Integer kernelModeStartsPerDay) {

		static PolicyView of(Policy policy) {
			return new PolicyView(policy.kernelModeKinds().stream().map(Kind::name).sorted().toList(),
					policy.hostSignOffBeforeLeavingFirstRing(), policy.minimumRings(), policy.minimumSoak().toString(),
					policy.kernelModeStartsPerDay());
		}

		Policy toPolicy() {
			List<String> problems = new ArrayList<>();
			Set<Kind> kinds = EnumSet.noneOf(Kind.class);
			for (String kind : this.kernelModeKinds) {
				try {
					kinds.add(Kind.valueOf(kind));
				}
				catch (IllegalArgumentException ex) {
					problems.add("kernelModeKinds: " + kind
							+ " is not a kind; use KERNEL_DRIVER, SENSOR, CONTENT_UPDATE or CONFIGURATION");
				}
			}
			if (this.minimumRings < 1) {
				problems.add("minimumRings: at least 1");
			}
			Duration soak = null;
			try {
				soak = Duration.parse(this.minimumSoak);
				if (soak.compareTo(Policy.SHORTEST_SOAK) < 0) {
					problems.add("minimumSoak: at least PT1S");
				}
			}
			catch (DateTimeParseException ex) {
				problems.add("minimumSoak: an ISO-8601 duration such as PT1H");
			}
			if (this.kernelModeStartsPerDay < 0) {
				problems.add("kernelModeStartsPerDay: 0 or more");
			}
			if (!problems.isEmpty()) {
				throw Problem.invalid(String.join("; ", problems) + ".");
			}
			return new Policy(kinds, this.hostSignOffBeforeLeavingFirstRing, this.minimumRings, soak,
					this.kernelModeStartsPerDay);
		}

	}

}
