package io.parley.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's journey, in real Chromium against the real stack with the real Keycloak: the partner organisation's
 * receiving system (WireMock on 127.0.0.1, which devstack allow-lists for webhooks) is registered for label changes;
 * the host uploads an advisory at TLP:AMBER+STRICT (the host's organisation only) into a workspace where the
 * partner engineer is a reader, and embargoes it until T, then TLP:GREEN. Before T the partner does not see it; when
 * T passes the partner finds it in the workspace, and the receiver gets the signed {@code
 * workspace.document.label-changed}, whose signature the test verifies with the secret shown once.
 * <p>
 * The clock: T is {@link #EMBARGO_SECONDS} seconds after the embargo is set, on the real clock; devstack's
 * workspace polls for due embargoes every 5 seconds (its default, ADR 0042), so the partner sees the advisory at
 * most one poll after T. No clock is moved: the services under test run on their own clocks (ADR 0044).
 */
class EmbargoJourneyTests extends BrowserTests {

	private static final Pattern DOCUMENT_URL = Pattern.compile("#/workspaces/[0-9a-f-]{36}/documents/([0-9a-f-]{36})");

	private static final int EMBARGO_SECONDS = 20;

	private static final Gson GSON = new Gson();

	private int step;

	@Test
	void givenAnEmbargoedAdvisory_whenItsEndPasses_thenThePartnerSeesItAndTheirReceiverGetsTheSignedEvent(
			@TempDir Path files) throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Path advisory = pdf(files.resolve("advisory-" + suffix + ".pdf"));
		String name = advisory.getFileName().toString();
		WireMockServer receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		receiver.start();
		receiver.stubFor(post("/parley-events").willReturn(ok()));
		try (BrowserContext adminContext = browser.newContext(); BrowserContext engineerContext = browser.newContext()) {
			Page engineer = signIn(engineerContext, "partner.engineer", "Pat Partner");
			Page admin = signIn(adminContext, "host.admin", "Hana Host");

			// the partner's receiving system, registered for acme-security (the portal admin may do it for them)
			Map<String, Object> registered = BrowserApi.call(admin, "POST",
					"/api/notifications/organisations/acme-security/webhooks",
					GSON.toJson(Map.of("url", "http://127.0.0.1:" + receiver.port() + "/parley-events", "eventTypes",
							List.of("workspace.document.label-changed"), "description", "Acme SIEM " + suffix)));
			assertThat(registered.get("status")).as("register: %s", registered).isEqualTo(201);
			String secret = (String) ((Map<?, ?>) registered.get("body")).get("secret");
			assertThat(secret).startsWith("whsec_");

			// the host's workspace with the partner as a reader, and the advisory at AMBER+STRICT: host only
			String workspace = createWorkspace(admin, "Coordinated disclosure " + suffix,
					"Advisories held until the fix ships.", (page) -> {
					});
			addMember(admin, "Pat Partner", "READER");
			admin.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			admin.getByLabel("TLP:AMBER+STRICT", new Page.GetByLabelOptions().setExact(true)).check();
			admin.getByLabel("Document file").setInputFiles(advisory);
			assertThat(admin.getByText("Uploaded " + name + ".")).isVisible();
			admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
			admin.waitForURL(DOCUMENT_URL);
			String document = group(DOCUMENT_URL, admin.url());

			// embargoed until T, then TLP:GREEN (seconds: the form's minutes would make the journey wait minutes)
			Instant until = Instant.now().plusSeconds(EMBARGO_SECONDS).truncatedTo(ChronoUnit.SECONDS);
			Map<String, Object> embargoed = BrowserApi.call(admin, "PUT",
					"/api/workspaces/" + workspace + "/documents/" + document + "/embargo",
					GSON.toJson(Map.of("until", until.toString(), "label", "TLP:GREEN")));
			assertThat(embargoed.get("status")).as("embargo: %s", embargoed).isEqualTo(200);
			admin.reload();
			assertThat(admin.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Embargo"))).isVisible();
			screenshot(admin, "advisory-embargoed");

			// before T the partner does not see it, and nothing has reached their system
			engineer.navigate(Portal.BASE_URL + "/#/workspaces/" + workspace);
			assertThat(engineer.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
				.containsText("Coordinated disclosure " + suffix);
			assertThat(engineer.getByText(name)).hasCount(0);
			assertThat(Instant.now()).as("still before T: raise EMBARGO_SECONDS if this machine is this slow")
				.isBefore(until);
			assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/parley-events")))).isEmpty();
			screenshot(engineer, "partner-before-the-end");

			// when T has passed, the partner finds it (at most a poll interval later)
			await().atMost(Duration.ofSeconds(EMBARGO_SECONDS + 60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
				engineer.reload();
				engineer.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)).waitFor();
				return engineer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
					.count() == 1;
			});
			assertThat(Instant.now()).as("never before T").isAfterOrEqualTo(until);
			engineer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
			engineer.waitForURL(DOCUMENT_URL);
			assertThat(engineer.getByText("TLP:GREEN").first()).isVisible();
			screenshot(engineer, "partner-after-the-end");

			// and the partner's system got the signed event
			LoggedRequest delivery = await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/parley-events")))
					.stream()
					.filter((request) -> request.getBodyAsString().contains(document))
					.findFirst()
					.orElse(null), (found) -> found != null);
			String body = delivery.getBodyAsString();
			JsonObject event = JsonParser.parseString(body).getAsJsonObject();
			assertThat(event.get("type").getAsString()).isEqualTo("workspace.document.label-changed");
			JsonObject data = event.getAsJsonObject("data");
			assertThat(data.get("documentId").getAsString()).isEqualTo(document);
			assertThat(data.get("label").getAsString()).isEqualTo("TLP:GREEN");
			assertThat(data.get("organisationId").getAsString()).isEqualTo("acme-security");
			String id = delivery.getHeader("webhook-id");
			String timestamp = delivery.getHeader("webhook-timestamp");
			assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
			String expected = "v1," + sign(secret, id + "." + timestamp + "." + body);
			List<String> signatures = List.of(delivery.getHeader("webhook-signature").split(" "));
			assertThat(signatures.stream()
				.anyMatch((signature) -> MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
						expected.getBytes(StandardCharsets.US_ASCII))))
				.as("signature %s verifies with the secret", signatures)
				.isTrue();
			assertThat(sign("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), id + "." + timestamp + "." + body))
				.as("another secret gives another signature")
				.isNotEqualTo(expected.substring(3));
		}
		finally {
			receiver.stop();
		}
	}

	/** Standard Webhooks: HMAC-SHA256 with the Base64-decoded part of the secret after {@code whsec_}. */
	private static String sign(String secret, String content) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
	}

	/** A small file Tika recognises as PDF. */
	private static Path pdf(Path file) throws IOException {
		Files.write(file, ("%PDF-1.7\n% Advisory: update the sensor before the fix is announced.\n%%EOF\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		return file;
	}

	private void screenshot(Page page, String name) {
		Chromium.screenshot(page, "embargo-journey", String.format("%02d-%s", ++this.step, name));
	}

}
