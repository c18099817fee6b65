package io.parley.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collaboration the portal is for, in a real browser against the real stack: a host admin creates a workspace
 * and brings in a partner engineer and a government liaison; the engineer uploads a TLP:AMBER document and sees it
 * go up; the liaison's bell counts it without a reload; the owner asks the liaison's organisation to acknowledge
 * it; the liaison downloads the very bytes that were uploaded and acknowledges; the owner sees who acknowledged and
 * a verified audit chain. A TLP:RED document that does not name the liaison stays invisible to them, even by id.
 * And copies between workspaces: a TLP:AMBER document arrives whole where the partner can fetch it; a
 * TLP:AMBER+STRICT one is refused, with the reason on the page, where the partner's organisation would see it.
 * Screenshots of every step land in {@code target/e2e/screenshots/workspace-journey/}.
 */
class WorkspaceJourneyTests extends BrowserTests {

	private static final Pattern DOCUMENT_URL = Pattern.compile("#/workspaces/[0-9a-f-]{36}/documents/([0-9a-f-]{36})");

	private int step;

	@Test
	void givenHostAdminEngineerAndLiaison_whenAmberDocumentIsSharedAndAcknowledged_thenOwnerSeesItAndTheChainVerifies(
			@TempDir Path files) throws Exception {
		String workspaceName = "Safer rollouts " + UUID.randomUUID().toString().substring(0, 6);
		Path amber = pdf(files.resolve("staged-rollout-guidance.pdf"), 24 * 1024 * 1024);
		Path red = pdf(files.resolve("incident-root-cause.pdf"), 64 * 1024);
		try (BrowserContext adminContext = browser.newContext();
				BrowserContext engineerContext = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
					.setAcceptDownloads(true));
				BrowserContext liaisonContext = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
					.setAcceptDownloads(true))) {
			// everyone signs in once (identity learns of the demo people at their first sign-in); the liaison with a
			// second factor
			Page engineer = signIn(engineerContext, "partner.engineer", "Pat Partner");
			Page liaison = signIn(liaisonContext, "gov.liaison", "Gabriel Liaison");
			Page admin = signIn(adminContext, "host.admin", "Hana Host");

			// the host admin creates the workspace and brings both in
			String workspace = createWorkspace(admin, workspaceName,
					"Staged deployment of kernel-level updates, with the regulators.",
					(page) -> screenshot(page, "admin-creates-workspace"));
			addMember(admin, "Pat Partner", "CONTRIBUTOR");
			addMember(admin, "Gabriel Liaison", "READER");
			screenshot(admin, "members-added");

			// the liaison opens the workspace and keeps it open: nothing new yet
			liaison.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			assertThat(liaison.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(workspaceName)))
				.isVisible();
			Locator bell = liaison.locator("a.bell");
			String before = bell.getAttribute("aria-label");

			// the engineer uploads a TLP:AMBER document over a slow line, and sees it go up
			engineer.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			engineer.getByLabel("TLP:AMBER", new Page.GetByLabelOptions().setExact(true)).check();
			throttleUploads(engineer, 3 * 1024 * 1024);
			engineer.getByLabel("Document file").setInputFiles(amber);
			Locator progress = engineer.getByRole(AriaRole.PROGRESSBAR,
					new Page.GetByRoleOptions().setName("Upload progress"));
			assertThat(progress).isVisible();
			screenshot(engineer, "upload-in-progress");
			assertThat(engineer.getByText("Uploaded staged-rollout-guidance.pdf.")).isVisible(
					new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(120_000));
			throttleUploads(engineer, -1);
			screenshot(engineer, "uploaded");

			// the liaison's bell counts it, pushed over the event stream: no reload
			assertThat(bell).not().hasAttribute("aria-label", before == null ? "" : before);
			assertThat(bell).hasAttribute("aria-label", Pattern.compile("Notifications, \\d+ unread"));
			screenshot(liaison, "bell-counts-new-document");

			// the owner asks the government organisation to acknowledge version 1 by next week
			admin.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("staged-rollout-guidance.pdf").setExact(true)).click();
			admin.waitForURL(DOCUMENT_URL);
			String document = group(DOCUMENT_URL, admin.url());
			Locator ask = admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Ask organisations to acknowledge"));
			ask.getByLabel("gov-cert").check();
			ask.getByLabel("Deadline (end of that day)")
				.fill(LocalDate.now(ZoneOffset.UTC).plusDays(7).toString());
			ask.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Request acknowledgement")).click();
			assertThat(admin.getByRole(AriaRole.TABLE,
					new Page.GetByRoleOptions().setName("Acknowledgement status per organisation")))
				.containsText("gov-cert");
			screenshot(admin, "acknowledgement-requested");

			// the liaison downloads exactly what was uploaded, and acknowledges
			liaison.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace + "/documents/" + document);
			assertThat(liaison.getByText("TLP:AMBER").first()).isVisible();
			Download download = liaison.waitForDownload(() -> liaison
				.getByRole(AriaRole.LINK,
						new Page.GetByRoleOptions().setName("Download staged-rollout-guidance.pdf, version 1").setExact(true))
				.click());
			assertThat(sha256(download.path())).isEqualTo(sha256(amber));
			liaison.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")).click();
			assertThat(liaison.getByText("You acknowledged this version.")).isVisible();
			screenshot(liaison, "liaison-acknowledged");

			// the owner sees who acknowledged, and an unbroken audit chain
			admin.reload();
			Locator status = admin.getByRole(AriaRole.TABLE,
					new Page.GetByRoleOptions().setName("Acknowledgement status per organisation"));
			assertThat(status.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName(Pattern.compile("gov-cert"))))
				.containsText("Acknowledged");
			screenshot(admin, "owner-sees-acknowledgement");
			admin.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			assertThat(admin.getByRole(AriaRole.LINK,
					new Page.GetByRoleOptions().setName("staged-rollout-guidance.pdf").setExact(true)))
				.isVisible();
			screenshot(admin, "workspace-page");
			admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit trail")).click();
			admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify chain")).click();
			assertThat(admin.getByText("Chain verified")).isVisible();
			screenshot(admin, "audit-chain-verified");

			// a TLP:RED document naming only the owner: the liaison sees nothing, not even by its id
			engineer.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			engineer.getByLabel("TLP:RED", new Page.GetByLabelOptions().setExact(true)).check();
			engineer.getByLabel(Pattern.compile("^Hana Host")).check();
			engineer.getByLabel("Document file").setInputFiles(red);
			assertThat(engineer.getByText("Uploaded incident-root-cause.pdf.")).isVisible();
			Map<String, Object> listed = BrowserApi.call(engineer, "GET", "/api/workspaces/" + workspace + "/documents",
					null);
			String redId = idOfTitle(listed.get("body"), "incident-root-cause.pdf");
			liaison.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			assertThat(liaison.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("staged-rollout-guidance.pdf").setExact(true)))
				.isVisible();
			assertThat(liaison.getByText("incident-root-cause.pdf")).hasCount(0);
			assertThat(BrowserApi
				.call(liaison, "GET", "/api/workspaces/" + workspace + "/documents/" + redId, null)
				.get("status")).isEqualTo(404);
			screenshot(liaison, "red-document-invisible");
		}
	}

	@Test
	void givenOwnerOfTwoWorkspaces_whenCopyingDocuments_thenAmberCopyArrivesWhole_andAmberStrictIsRefusedForWiderAudience(
			@TempDir Path files) throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String sourceName = "Vendor desk " + suffix;
		String targetName = "Partner briefing " + suffix;
		Path amber = pdf(files.resolve("rollout-checklist.pdf"), 2 * 1024 * 1024);
		Path strict = pdf(files.resolve("host-only-notes.pdf"), 64 * 1024);
		try (BrowserContext adminContext = browser.newContext();
				BrowserContext engineerContext = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
					.setAcceptDownloads(true))) {
			Page engineer = signIn(engineerContext, "partner.engineer", "Pat Partner");
			Page admin = signIn(adminContext, "host.admin", "Hana Host");

			// the host keeps a workspace of its own, and one it shares with the partner
			String source = createWorkspace(admin, sourceName, "The host's own notes before they are shared.",
					(page) -> screenshot(page, "copy-source-created"));
			String target = createWorkspace(admin, targetName, "What the host shares with its partners.",
					(page) -> screenshot(page, "copy-target-created"));
			addMember(admin, "Pat Partner", "READER");

			// a TLP:AMBER document goes across: AMBER's audience is whoever is in the workspace
			admin.navigate(Portal.BASE_URL + "/#/workspaces/" + source);
			String amberDocument = upload(admin, "TLP:AMBER", amber);
			Locator copy = admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Copy to workspace…"));
			copy.getByLabel("Workspace").selectOption(new SelectOption().setLabel(targetName));
			copy.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy").setExact(true)).click();
			assertThat(copy.getByRole(AriaRole.STATUS)).hasText("Copied to " + targetName + ": open the copy.");
			screenshot(admin, "copy-amber-copied");
			copy.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("open the copy")).click();
			admin.waitForURL(Pattern.compile("#/workspaces/" + target + "/documents/[0-9a-f-]{36}"));
			assertThat(admin.getByText("TLP:AMBER").first()).isVisible();
			assertThat(group(DOCUMENT_URL, admin.url())).isNotEqualTo(amberDocument);

			// a TLP:AMBER+STRICT document naming no other organisation must not reach the partner's organisation
			admin.navigate(Portal.BASE_URL + "/#/workspaces/" + source);
			upload(admin, "TLP:AMBER+STRICT", strict);
			copy = admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Copy to workspace…"));
			copy.getByLabel("Workspace").selectOption(new SelectOption().setLabel(targetName));
			copy.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy").setExact(true)).click();
			assertThat(copy).containsText("The document was not copied.");
			assertThat(copy).containsText("acme-security are neither the uploader's organisation nor named");
			assertThat(copy.getByRole(AriaRole.STATUS)).hasCount(0);
			screenshot(admin, "copy-amber-strict-refused");

			// the partner finds the AMBER copy, byte for byte, and nothing of the refused one
			engineer.navigate(Portal.BASE_URL + "/#/workspaces/" + target);
			assertThat(engineer.getByText("host-only-notes.pdf")).hasCount(0);
			engineer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("rollout-checklist.pdf").setExact(true))
				.click();
			engineer.waitForURL(DOCUMENT_URL);
			Download download = engineer.waitForDownload(() -> engineer
				.getByRole(AriaRole.LINK,
						new Page.GetByRoleOptions().setName("Download rollout-checklist.pdf, version 1").setExact(true))
				.click());
			assertThat(sha256(download.path())).isEqualTo(sha256(amber));
			screenshot(engineer, "copy-partner-downloaded");
		}
	}

	/** Uploads a file with a label from the workspace page, opens it and returns its id. */
	private static String upload(Page page, String label, Path file) {
		String name = file.getFileName().toString();
		page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).check();
		page.getByLabel("Document file").setInputFiles(file);
		assertThat(page.getByText("Uploaded " + name + ".")).isVisible();
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
		page.waitForURL(DOCUMENT_URL);
		return group(DOCUMENT_URL, page.url());
	}

	/** Chromium's own network emulation: slows the upload so that a person (and this test) sees it progress. */
	private static void throttleUploads(Page page, int bytesPerSecond) {
		CDPSession cdp = page.context().newCDPSession(page);
		JsonObject conditions = new JsonObject();
		conditions.addProperty("offline", false);
		conditions.addProperty("latency", 0);
		conditions.addProperty("downloadThroughput", -1);
		conditions.addProperty("uploadThroughput", bytesPerSecond);
		cdp.send("Network.enable");
		cdp.send("Network.emulateNetworkConditions", conditions);
	}

	/** A file Tika recognises as PDF (magic bytes), padded with random bytes to the size asked. */
	private static Path pdf(Path file, int size) throws IOException {
		byte[] chunk = new byte[64 * 1024];
		Random random = new Random(size);
		try (OutputStream out = Files.newOutputStream(file)) {
			byte[] header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
			out.write(header);
			for (int written = header.length; written < size; written += chunk.length) {
				random.nextBytes(chunk);
				out.write(chunk, 0, Math.min(chunk.length, size - written));
			}
			out.write("\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		return file;
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String idOfTitle(Object documents, String title) {
		assertThat(documents).isInstanceOf(java.util.List.class);
		for (Object document : (java.util.List<?>) documents) {
			Map<?, ?> fields = (Map<?, ?>) document;
			if (title.equals(fields.get("title"))) {
				return String.valueOf(fields.get("id"));
			}
		}
		throw new AssertionError("No document titled " + title + " in " + documents);
	}

	private void screenshot(Page page, String name) {
		Chromium.screenshot(page, "workspace-journey", String.format("%02d-%s", ++this.step, name));
	}

}
