package io.parley.workspace.announcements;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.parley.platform.security.Caller;
import io.parley.workspace.Inputs;
import io.parley.workspace.announcements.Announcement.Audience;
import io.parley.workspace.announcements.Announcements.AnnouncementPage;
import io.parley.platform.labels.TlpLabel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Announcements")
class AnnouncementController {

	/** One line of text without control or format characters. */
	static final String TITLE = "^\\P{C}*$";

	private final Announcements announcements;

	AnnouncementController(Announcements announcements) {
		this.announcements = announcements;
	}

	@PostMapping("/api/workspaces/{id}/announcements")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Announce to the workspace's members (owners); the label stays within the ceiling")
	Announcement postToWorkspace(Caller caller, @PathVariable UUID id, @Valid @RequestBody NewAnnouncement request) {
		return this.announcements.postToWorkspace(caller, id, request.title(), request.body(), request.label());
	}

	@GetMapping("/api/workspaces/{id}/announcements")
	@Operation(summary = "The workspace's announcements, newest first (members)")
	AnnouncementPage ofWorkspace(Caller caller, @PathVariable UUID id,
			@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.announcements.ofWorkspace(caller, id, page, size);
	}

	@PostMapping("/api/announcements")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Announce to every workspace or to every government person (portal admins)")
	Announcement postGlobally(Caller caller, @Valid @RequestBody NewGlobalAnnouncement request) {
		return this.announcements.postGlobally(caller, request.audience().value, request.title(), request.body(),
				request.label());
	}

	@GetMapping("/api/announcements")
	@Operation(summary = "Every announcement the caller may see, newest first")
	AnnouncementPage visible(Caller caller, @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.announcements.visibleTo(caller, page, size);
	}

	record NewAnnouncement(@NotBlank @Size(max = 200) @Pattern(regexp = TITLE) String title,
			@NotBlank @Size(max = Inputs.PURPOSE_MAX * 5) @Pattern(regexp = Inputs.PURPOSE) String body,
			@NotNull TlpLabel label) {
	}

	record NewGlobalAnnouncement(@NotNull GlobalAudience audience,
			@NotBlank @Size(max = 200) @Pattern(regexp = TITLE) String title,
			@NotBlank @Size(max = Inputs.PURPOSE_MAX * 5) @Pattern(regexp = Inputs.PURPOSE) String body,
			@NotNull TlpLabel label) {
	}

	/** The audiences a global announcement may have: {@code WORKSPACE} is refused as an unknown value. */
	enum GlobalAudience {

		ALL_WORKSPACES(Audience.ALL_WORKSPACES), GOVERNMENT(Audience.GOVERNMENT);

		final Audience value;

		GlobalAudience(Audience value) {
			this.value = value;
		}

	}

}
