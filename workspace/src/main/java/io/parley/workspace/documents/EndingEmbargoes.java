package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OwedScope;
import io.parley.workspace.documents.VisibleDocuments.Glimpse;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "What we owe" (ADR 0044): the embargoes ending soon of documents the caller may see, or, for an organisation
 * admin asking for the whole organisation, also of those its organisation as a whole may see (ids and label only).
 * The same rule as the document list's, through {@link VisibleDocuments#glimpses}.
 */
@RestController
@Tag(name = "Documents")
class EndingEmbargoes {

	static final int DAYS_DEFAULT = 7;

	static final int DAYS_MAX = 31;

	private static final Logger log = LoggerFactory.getLogger(EndingEmbargoes.class);

	private final VisibleDocuments documents;

	private final Workspaces workspaces;

	private final Documents clock;

	EndingEmbargoes(VisibleDocuments documents, Workspaces workspaces, Documents clock) {
		this.documents = documents;
		this.workspaces = workspaces;
		this.clock = clock;
	}

	@GetMapping("/api/documents/embargoes/ending")
	@Operation(summary = "What we owe: embargoes ending in the next days (7 unless given, at most 31), soonest first; "
			+ "scope=organisation for an organisation admin's whole organisation")
	List<EndingEmbargo> ending(Caller caller, @RequestParam(required = false) @Nullable Integer days,
			@RequestParam(required = false) @Nullable String scope) {
		int within = (days != null) ? days : DAYS_DEFAULT;
		if (within < 1 || within > DAYS_MAX) {
			throw Problem.invalid("days: a whole number of days from 1 to " + DAYS_MAX + " (" + DAYS_DEFAULT
					+ " when left out).");
		}
		String organisation = OwedScope.organisation(caller, scope);
		List<Workspace> workspaces = this.workspaces.ofPersonOrOrganisation(caller.id(), organisation);
		Instant now = this.clock.now();
		List<EndingEmbargo> ending = new ArrayList<>();
		for (Glimpse document : this.documents.embargoesEnding(caller, workspaces, organisation, now,
				now.plus(Duration.ofDays(within)))) {
			if (document.embargoUntil() != null && document.embargoLabel() != null) {
				ending.add(new EndingEmbargo(document.workspaceId(), document.workspaceName(), document.id(),
						document.title(), document.label(), document.embargoUntil(), document.embargoLabel()));
			}
		}
		ending.sort(Comparator.comparing(EndingEmbargo::until).thenComparing(EndingEmbargo::documentId));
		log.info("Embargoes ending within {} day(s) read by {} ({}): {}", within, caller.id(),
				(organisation != null) ? "organisation " + organisation : "own", ending.size());
		return ending;
	}

	/**
	 * @param title null (left out) when only the caller's organisation as a whole, not the caller, may see the
	 * document
	 * @param becomes the label the document takes at {@code until}
	 */
	record EndingEmbargo(UUID workspaceId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String workspaceName,
			UUID documentId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String title, TlpLabel label,
			Instant until, TlpLabel becomes) {
	}

}
